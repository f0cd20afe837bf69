// The sign-in wizard's requests: each step, cancel, and the server's status (on load, while a code is being sent, on expiry).
import { useEffect, useReducer, useRef } from "preact/hooks";
import { ApiFailure } from "../api/http.ts";
import { cancelSignIn, getSignInStatus, sendSignInCode, sendSignInPassword, startSignIn, type TelegramAccount } from "../api/telegram.ts";
import { getAt } from "../lib/json-pointer.ts";
import { INITIAL_SIGN_IN, signInFlow, type SignInEvent, type SignInFlowState } from "../lib/sign-in-flow.ts";
import { telegramProblem } from "../lib/telegram-problem.ts";
import { forgetChatList } from "../state/chat-list.ts";
import { configState, editDraft, loadConfig } from "../state/config-store.ts";

/** How often the status is asked for while another page load's code request is under way. */
const SENDING_POLL_MS = 1_000;
/** After the idle deadline, a little slack before asking whether the server has cancelled the sign-in. */
const EXPIRY_SLACK_MS = 1_000;
const SESSION_POINTER = "/login/SESSION_STRING";

export interface SignInActions {
  open(): void;
  close(): void;
  start(phone: string): Promise<void>;
  sendCode(code: string): Promise<void>;
  sendPassword(password: string): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * The server saved the session string and user_type: reload the config (new ETag) so the page shows it; other unsaved
 * edits are replayed on top, but not a session string typed by hand, which the sign-in replaced.
 */
async function showSavedSession(): Promise<void> {
  editDraft(SESSION_POINTER, getAt(configState.value.saved, SESSION_POINTER));
  forgetChatList();
  await loadConfig();
}

/** The wizard's state and actions; `idleStep` is where it starts when no sign-in is under way. */
export function useSignIn(idleStep: "closed" | "phone"): [SignInFlowState, SignInActions, boolean] {
  const [state, dispatch] = useReducer<SignInFlowState, SignInEvent>(signInFlow, INITIAL_SIGN_IN);
  /** Bumped by cancel and close: answers to requests sent before are ignored. */
  const generation = useRef(0);
  /** The person has done something: steps may take the focus (not on page load). */
  const acted = useRef(false);

  const refresh = async () => {
    try {
      dispatch({ type: "status", status: await getSignInStatus(), idleStep });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      dispatch({ type: "failed", problem: telegramProblem(error), now: Date.now() });
    }
  };

  /** Sends one step; its answer is dropped when the sign-in was cancelled meanwhile. */
  const step = async <T>(send: () => Promise<T>, answered: (answer: T) => void | Promise<void>) => {
    acted.current = true;
    const sentIn = generation.current;
    try {
      const answer = await send();
      if (sentIn === generation.current) await answered(answer);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      if (sentIn !== generation.current) return;
      dispatch({ type: "failed", problem: telegramProblem(error), now: Date.now() });
      await refresh(); // the sign-in may have ended (expired code, network) or be under way from elsewhere (409)
    }
  };

  const signedIn = async (account: TelegramAccount) => {
    dispatch({ type: "signed-in", account });
    await showSavedSession();
  };

  useEffect(() => void refresh(), []);

  // Resumed while a code request is under way (another tab, or a reload): wait for its outcome.
  useEffect(() => {
    if (state.step !== "sending" || state.busy) return;
    const timer = setTimeout(() => void refresh(), SENDING_POLL_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // The server cancels an idle sign-in: find out when it has.
  useEffect(() => {
    if (state.expiresAt === null || (state.step !== "code" && state.step !== "password")) return;
    const timer = setTimeout(() => void refresh(), Math.max(0, state.expiresAt - Date.now()) + EXPIRY_SLACK_MS);
    return () => clearTimeout(timer);
  }, [state.expiresAt, state.step]);

  const actions: SignInActions = {
    open() {
      acted.current = true;
      dispatch({ type: "open" });
    },
    close() {
      acted.current = true;
      generation.current++;
      dispatch({ type: "close" });
    },
    start: (phone) => {
      dispatch({ type: "sending", phone });
      return step(
        () => startSignIn(phone),
        async (answer) => {
          dispatch({ type: "code-sent", ...answer });
          await refresh(); // for the idle deadline
        },
      );
    },
    sendCode: (code) => {
      dispatch({ type: "sending" });
      return step(
        () => sendSignInCode(code),
        async (answer) => {
          if (answer.status === "signed_in") return signedIn(answer.account);
          dispatch({ type: "password-needed", passwordHint: answer.passwordHint });
          await refresh();
        },
      );
    },
    sendPassword: (password) => {
      dispatch({ type: "sending" });
      return step(
        () => sendSignInPassword(password),
        (answer) => signedIn(answer.account),
      );
    },
    async cancel() {
      acted.current = true;
      generation.current++;
      dispatch({ type: "cancelled" });
      try {
        await cancelSignIn();
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        dispatch({ type: "failed", problem: telegramProblem(error), now: Date.now() });
      }
      await refresh();
    },
  };
  return [state, actions, acted.current];
}
