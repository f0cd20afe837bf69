// Where alerts go (webhook, ntfy, Telegram), for which events, a test send per channel, and what was sent.
export function AlertsPage() {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Alerts
      </h1>
    </>
  );
}
