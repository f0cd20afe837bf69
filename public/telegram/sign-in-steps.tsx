// The wizard's steps: phone number, code, two-step password, signed in. Each has Cancel; errors sit at their field.
import { useEffect, useRef, useState } from "preact/hooks";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import { RestartHint } from "../components/RestartHint.tsx";
import { secondsUntil } from "../lib/sign-in-flow.ts";
import { accountName, codeDestination } from "../lib/telegram-text.ts";
import { Expiry, StepForm, Wait, type StepProps } from "./StepForm.tsx";
import { StepInput } from "./StepInput.tsx";

const nextCodeIn = (duration: string) =>
  `You can ask for a code again in ${duration}: at most one code a minute, as Telegram bans accounts that ask too often.`;

export function PhoneStep(props: StepProps) {
  const { state, actions, takeFocus, now } = props;
  const [phone, setPhone] = useState(state.phone);
  const sending = state.step === "sending";
  const wait = secondsUntil(state.nextCodeAt, now);
  return (
    <StepForm
      {...props}
      title="1. Your phone number"
      field="phone"
      submitLabel="Send code"
      busyLabel="Asking Telegram for a code…"
      canSubmit={!sending && !state.busy && wait === 0 && phone.trim() !== ""}
      onSubmit={() => void actions.start(phone)}
      onCancel={() => (sending ? void actions.cancel() : actions.close())}
      wait={<Wait seconds={wait} message={nextCodeIn} />}
    >
      <StepInput
        id="telegram-phone"
        label="Phone number"
        help="The number of the Telegram account tgcf should use, with its country code, e.g. +44 7700 900123."
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        value={sending ? state.phone : phone}
        onInput={setPhone}
        problem={state.problem}
        field="phone"
        takeFocus={takeFocus}
        readOnly={sending}
      />
      {!state.problem && state.lastEnded && <p class="card-help">Last sign-in: {state.lastEnded}.</p>}
    </StepForm>
  );
}

export function CodeStep(props: StepProps) {
  const { state, actions, takeFocus, now } = props;
  const [code, setCode] = useState("");
  const wait = secondsUntil(state.retryAt, now);
  return (
    <StepForm
      {...props}
      title="2. The login code"
      field="code"
      submitLabel="Sign in"
      busyLabel="Signing in…"
      canSubmit={!state.busy && wait === 0 && code.trim() !== ""}
      onSubmit={() => void actions.sendCode(code)}
      onCancel={() => void actions.cancel()}
      wait={<Wait seconds={wait} message={(duration) => `Telegram asks to wait: you can send the code in ${duration}.`} />}
    >
      <p>{codeDestination(state.codeType, state.phone)}</p>
      <StepInput
        id="telegram-code"
        label="Code"
        help="The digits of the code. Never share it with anyone else."
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onInput={setCode}
        problem={state.problem}
        field="code"
        takeFocus={takeFocus}
      />
      <Expiry state={state} now={now} />
    </StepForm>
  );
}

export function PasswordStep(props: StepProps) {
  const { state, actions, takeFocus, now } = props;
  const [password, setPassword] = useState("");
  const wait = secondsUntil(state.retryAt, now);
  return (
    <StepForm
      {...props}
      title="3. Two-step verification password"
      field="password"
      submitLabel="Sign in"
      busyLabel="Signing in…"
      canSubmit={!state.busy && wait === 0 && password !== ""}
      onSubmit={() => void actions.sendPassword(password)}
      onCancel={() => void actions.cancel()}
      wait={<Wait seconds={wait} message={(duration) => `Telegram asks to wait: you can try again in ${duration}.`} />}
    >
      <p>This account has a two-step verification password: enter it to finish signing in.</p>
      {state.passwordHint && (
        <p>
          Hint: <strong class="password-hint">{neutraliseText(state.passwordHint)}</strong>
        </p>
      )}
      <StepInput
        id="telegram-password"
        label="Password"
        help="It goes to Telegram only; tgcf-server does not keep it."
        type="password"
        autoComplete="off"
        value={password}
        onInput={setPassword}
        problem={state.problem}
        field="password"
        takeFocus={takeFocus}
      />
      <Expiry state={state} now={now} />
    </StepForm>
  );
}

export function DoneStep({ state, actions, takeFocus }: StepProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, []);
  return (
    <div class="wizard-step">
      <h3 ref={heading} tabIndex={-1}>
        Signed in
      </h3>
      <div class="notice success" role="status">
        <p>
          Signed in as <strong>{state.account ? neutraliseText(accountName(state.account)) : "your account"}</strong>.
        </p>
        <p>The session string is saved in Login and the account type is set to user account: tgcf logs in with it from its next start.</p>
      </div>
      <RestartHint />
      <div class="actions">
        <button type="button" class="button" onClick={actions.close}>
          Done
        </button>
      </div>
    </div>
  );
}
