// Whether the live log is connected, and when it tries again if not.
import { useNow } from "../components/use-now.ts";
import { connectionState, reconnectLogStream } from "../state/log-store.ts";
import { useStore } from "../state/store.ts";

export function ConnectionStatus() {
  const state = useStore(connectionState);
  const now = useNow(state.phase === "waiting");
  if (state.phase === "open") return <span class="log-connection is-open">Live</span>;
  if (state.phase === "connecting") return <span class="log-connection">Connecting…</span>;
  if (state.phase === "stopped") return <span class="log-connection">Not connected</span>;
  const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
  return (
    <span class="log-connection is-down">
      Disconnected: retrying in {seconds} s{" "}
      <button type="button" class="link-button" onClick={reconnectLogStream}>
        Retry now
      </button>
    </span>
  );
}
