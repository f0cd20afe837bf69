// "Check login": connects with the saved bot token or session string and says who it is, or exactly what is wrong.
import { useState } from "preact/hooks";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import { ApiFailure } from "../api/http.ts";
import { checkLogin, type CheckResult } from "../api/telegram.ts";
import { useNow } from "../components/use-now.ts";
import { formatDuration } from "../lib/format.ts";
import { secondsUntil } from "../lib/sign-in-flow.ts";
import { telegramProblem, type TelegramProblem } from "../lib/telegram-problem.ts";
import { accountName } from "../lib/telegram-text.ts";
import { configState, isPartDirty } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { ProblemNotice } from "./ProblemNotice.tsx";

const LOGIN_PART = ["login"];

function resultText({ account, via }: CheckResult): string {
  const secret = via === "bot_token" ? "bot token" : "session string";
  const who = `${account.kind === "bot" ? "the bot " : ""}${neutraliseText(accountName(account))}, id ${account.id}`;
  return `The saved ${secret} works: it signs in as ${who}.`;
}

export function LoginCheck() {
  const config = useStore(configState);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [problem, setProblem] = useState<TelegramProblem | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  useNow(retryAt !== null); // re-renders every second while the wait shows
  const wait = secondsUntil(retryAt, Date.now());

  const check = async () => {
    setBusy(true);
    setResult(null);
    setProblem(null);
    try {
      setResult(await checkLogin());
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      const found = telegramProblem(error);
      setProblem(found);
      setRetryAt(found.retryAfterSeconds === null ? null : Date.now() + found.retryAfterSeconds * 1000);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card login-check" aria-labelledby="telegram-check-title">
      <h2 id="telegram-check-title">Check the login</h2>
      <p class="card-help">
        Connects to Telegram with the saved bot token or session string (as the saved account type says) and tells who it signs in as. A
        running tgcf is not disturbed.
      </p>
      {isPartDirty(LOGIN_PART, config) && <p class="notice info">The check uses the saved login: save your changes above to check them.</p>}
      <div class="actions">
        <button type="button" class="button" onClick={() => void check()} disabled={busy || wait > 0} aria-busy={busy}>
          {busy ? "Checking…" : "Check login"}
        </button>
        {wait > 0 && <span class="wait-text">You can check again in {formatDuration(wait)}.</span>}
      </div>
      <div class="check-outcome" aria-live="polite">
        {result && <p class="notice success">{resultText(result)}</p>}
        {problem && <ProblemNotice problem={problem} fieldsOnPage={config.schema} />}
      </div>
    </section>
  );
}
