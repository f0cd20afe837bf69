// What this instance's tgcf forwarded: counts per connection, messages over time, stalls and past-mode progress.
export function ActivityPage() {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Activity
      </h1>
    </>
  );
}
