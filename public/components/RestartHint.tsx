// After a save while tgcf runs: the change only takes effect once tgcf restarts.
import { useState } from "preact/hooks";
import { processAction, statusState } from "../state/status-store.ts";
import { useStore } from "../state/store.ts";

export function RestartHint() {
  const { status } = useStore(statusState);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  if (!status?.isRunning && result === null) return null;
  const restart = async () => {
    setBusy(true);
    const problem = await processAction("restart");
    setBusy(false);
    setResult(problem?.message ?? "tgcf restarted with the new configuration.");
  };
  return (
    <div class="notice info restart-hint">
      {result ?? "tgcf is running: restart it to apply this change."}
      {result === null && (
        <button type="button" class="button small" onClick={restart} disabled={busy}>
          {busy ? "Restarting…" : "Restart tgcf"}
        </button>
      )}
    </div>
  );
}
