import { describe, expect, test } from "bun:test";
import type { SignInStatus } from "../../public/api/telegram.ts";
import { INITIAL_SIGN_IN, secondsUntil, signInFlow, type SignInEvent, type SignInFlowState } from "../../public/lib/sign-in-flow.ts";
import { telegramProblem } from "../../public/lib/telegram-problem.ts";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const NONE: SignInStatus = { stage: "none", busy: false, phone: null, codeType: null, passwordHint: null, expiresAt: null, nextCodeRequestAt: null, lastEnded: null };
const ACCOUNT = { id: 1001, kind: "user", name: "Ada Lovelace", username: "ada" } as const;

const run = (events: SignInEvent[], from: SignInFlowState = INITIAL_SIGN_IN) => events.reduce(signInFlow, from);
const status = (change: Partial<SignInStatus>): SignInEvent => ({ type: "status", status: { ...NONE, ...change } });

describe("signInFlow", () => {
  test("on load with nothing under way it rests where it was told: the phone step without a session, closed with one", () => {
    expect(run([{ type: "status", status: NONE, idleStep: "phone" }]).step).toBe("phone");
    expect(run([{ type: "status", status: NONE, idleStep: "closed" }]).step).toBe("closed");
  });

  test("a reload resumes the stage the server is at, with its phone, code type, hint and deadlines", () => {
    const expiresAt = new Date(NOW + 300_000).toISOString();
    const atCode = run([status({ stage: "code_sent", phone: "+10000000001", codeType: "sms", expiresAt })]);
    expect(atCode).toMatchObject({ step: "code", phone: "+10000000001", codeType: "sms", expiresAt: NOW + 300_000 });
    expect(run([status({ stage: "password_needed", passwordHint: "the usual" })])).toMatchObject({ step: "password", passwordHint: "the usual" });
    expect(run([status({ stage: "sending_code", busy: true })]).step).toBe("sending");
  });

  test("phone, code and password lead to done with the account", () => {
    const state = run([
      { type: "status", status: NONE, idleStep: "phone" },
      { type: "sending", phone: "+10000000002" },
      { type: "code-sent", phone: "+10000000002", codeType: "app", nextCodeRequestAt: new Date(NOW + 60_000).toISOString() },
      { type: "sending" },
      { type: "password-needed", passwordHint: "the usual" },
      { type: "sending" },
      { type: "signed-in", account: ACCOUNT },
    ]);
    expect(state).toMatchObject({ step: "done", busy: false, account: ACCOUNT, nextCodeAt: NOW + 60_000, problem: null });
  });

  test("a failed code request returns to the phone step; a 429 there delays the next code request", () => {
    const problem = telegramProblem({ status: 429, message: "Telegram asks to wait 42 seconds", details: { retryAfterSeconds: 42 } });
    const state = run([{ type: "status", status: NONE, idleStep: "phone" }, { type: "sending", phone: "+10000000004" }, { type: "failed", problem, now: NOW }]);
    expect(state).toMatchObject({ step: "phone", busy: false, problem, nextCodeAt: NOW + 42_000, retryAt: null });
  });

  test("a flood wait at the code step delays sending the code, not asking for a new one", () => {
    const problem = telegramProblem({ status: 429, message: "wait", details: { retryAfterSeconds: 10 } });
    const state = run([status({ stage: "code_sent" }), { type: "sending" }, { type: "failed", problem, now: NOW }]);
    expect(state).toMatchObject({ step: "code", retryAt: NOW + 10_000, nextCodeAt: null });
  });

  test("a wrong code keeps the code step with the error; when the server has ended the sign-in the wizard goes back to the phone", () => {
    const wrong = telegramProblem({ status: 422, message: "wrong code", details: [{ path: "/code", message: "wrong code" }] });
    const atCode = run([status({ stage: "code_sent" }), { type: "sending" }, { type: "failed", problem: wrong, now: NOW }, status({ stage: "code_sent" })]);
    expect(atCode).toMatchObject({ step: "code", problem: wrong });
    const expired = run([{ type: "failed", problem: wrong, now: NOW }, status({ lastEnded: "failed: CODE_EXPIRED" })], atCode);
    expect(expired).toMatchObject({ step: "phone", problem: wrong, lastEnded: "failed: CODE_EXPIRED" });
  });

  test("cancel closes the wizard with a notice and forgets the step's deadlines", () => {
    const state = run([status({ stage: "code_sent", expiresAt: new Date(NOW).toISOString() }), { type: "cancelled" }, status({ lastEnded: "cancelled" })]);
    expect(state).toMatchObject({ step: "closed", notice: "The sign-in was cancelled.", expiresAt: null, lastEnded: "cancelled" });
  });

  test("opening again clears what the last attempt left", () => {
    const problem = telegramProblem({ status: 502, message: "no network" });
    const state = run([{ type: "failed", problem, now: NOW }, { type: "open" }], { ...INITIAL_SIGN_IN, step: "closed", account: ACCOUNT });
    expect(state).toMatchObject({ step: "phone", problem: null, account: null });
  });
});

describe("secondsUntil", () => {
  test("rounds up, and is 0 once the time has passed or when there is none", () => {
    expect(secondsUntil(NOW + 41_100, NOW)).toBe(42);
    expect(secondsUntil(NOW - 5, NOW)).toBe(0);
    expect(secondsUntil(null, NOW)).toBe(0);
  });
});
