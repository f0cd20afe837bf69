// "Sign in with your phone": the user-account sign-in that saves the session string into Login, resumed after a reload.
import { useEffect, useRef } from "preact/hooks";
import { useNow } from "../components/use-now.ts";
import type { SignInStep } from "../lib/sign-in-flow.ts";
import { MY_TELEGRAM_URL, signInReadiness } from "../lib/telegram-text.ts";
import { configState } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { ProblemNotice } from "./ProblemNotice.tsx";
import { CodeStep, DoneStep, PasswordStep, PhoneStep } from "./sign-in-steps.tsx";
import type { StepProps } from "./StepForm.tsx";
import { useSignIn } from "./use-sign-in.ts";

/** Steps that may start a new sign-in, which needs the saved API ID and hash. */
const STARTING_STEPS: readonly SignInStep[] = ["closed", "phone"];

function MissingCredentials({ missing }: { missing: string[] }) {
  return (
    <div class="notice warning">
      <p>
        Signing in needs your {missing.join(" and ")} saved first. Get them at{" "}
        <a href={MY_TELEGRAM_URL} target="_blank" rel="noopener noreferrer">
          my.telegram.org
        </a>{" "}
        (API development tools), enter them above and save.
      </p>
    </div>
  );
}

function Closed({ state, actions, takeFocus, sessionSaved }: StepProps & { sessionSaved: boolean }) {
  const start = useRef<HTMLButtonElement>(null);
  // After Cancel or Done the button that was pressed is gone: the focus goes to the one that starts again.
  useEffect(() => {
    if (takeFocus) start.current?.focus();
  }, []);
  return (
    <div class="wizard-step">
      {state.notice && (
        <p class="notice info" role="status">
          {state.notice}
        </p>
      )}
      {state.problem && <ProblemNotice problem={state.problem} fieldsOnPage={null} />}
      {sessionSaved && <p>A session string is saved, so tgcf can log in. Sign in again to replace it, for example with another account.</p>}
      <button ref={start} id="telegram-sign-in-start" type="button" class="button primary" onClick={actions.open}>
        {sessionSaved ? "Sign in again" : "Sign in with your phone"}
      </button>
      {state.lastEnded && !state.notice && <p class="card-help">Last sign-in: {state.lastEnded}.</p>}
    </div>
  );
}

export function SignInWizard() {
  const config = useStore(configState);
  const readiness = signInReadiness(config.saved, config.draft);
  const [state, actions, acted] = useSignIn(readiness.sessionSaved ? "closed" : "phone");
  const counting = state.nextCodeAt !== null || state.retryAt !== null || state.expiresAt !== null;
  useNow(counting && state.step !== "closed" && state.step !== "done"); // re-renders every second while a countdown shows
  const now = Date.now();
  const props: StepProps = { state, actions, takeFocus: acted, now, schema: config.schema };
  const blocked = STARTING_STEPS.includes(state.step) && readiness.missing.length > 0;

  return (
    <section class="card sign-in-wizard" aria-labelledby="telegram-sign-in-title" aria-busy={state.step === "loading"}>
      <h2 id="telegram-sign-in-title">Sign in with your phone</h2>
      <p class="card-help">
        tgcf logs in to a user account with a session string. Sign in here with your phone number and the code Telegram sends, and the
        session string is saved into Login for you.
      </p>
      {blocked && <MissingCredentials missing={readiness.missing} />}
      {!blocked && readiness.unsavedCredentials && STARTING_STEPS.includes(state.step) && (
        <p class="notice info">Sign-in uses the saved API ID and hash: save your changes above first.</p>
      )}
      {state.step === "loading" && <p class="loading">Looking for a sign-in under way…</p>}
      {!blocked && state.step === "closed" && <Closed {...props} sessionSaved={readiness.sessionSaved} />}
      {!blocked && (state.step === "phone" || state.step === "sending") && <PhoneStep {...props} />}
      {state.step === "code" && <CodeStep {...props} />}
      {state.step === "password" && <PasswordStep {...props} />}
      {state.step === "done" && <DoneStep {...props} />}
    </section>
  );
}
