// The first-run checklist's steps, read from what the server says: is tgcf there, is an account set, is there a
// connection, has tgcf run. Pure: the checklist component and its tests use it.
import type { PageId } from "../state/router.ts";

export interface ChecklistStep {
  id: "tgcf" | "account" | "connection" | "start";
  title: string;
  done: boolean;
  /** What to do next, for a step not done. */
  todo: string;
  page: PageId;
}

interface ConfigLike {
  login?: { API_ID?: unknown; API_HASH?: unknown; user_type?: unknown; BOT_TOKEN?: unknown; SESSION_STRING?: unknown };
  forwards?: Array<{ use_this?: unknown; source?: unknown; dest?: unknown }>;
}

/** A secret reads as "********" when set and "" when not: either way, non-empty means set. */
const isSet = (value: unknown) => (typeof value === "string" ? value.trim() !== "" : typeof value === "number" && value !== 0);

export function accountIsSet(config: ConfigLike): boolean {
  const login = config.login ?? {};
  const credential = (login.user_type ?? 0) === 1 ? login.SESSION_STRING : login.BOT_TOKEN;
  return isSet(login.API_ID) && isSet(login.API_HASH) && isSet(credential);
}

export function hasConnection(config: ConfigLike): boolean {
  return (config.forwards ?? []).some((forward) => forward.use_this !== false && isSet(forward.source) && Array.isArray(forward.dest) && forward.dest.some(isSet));
}

export function checklistSteps(input: { tgcfVersion: string | null | undefined; config: ConfigLike | null; hasRun: boolean }): ChecklistStep[] {
  const config = input.config ?? {};
  return [
    {
      id: "tgcf",
      title: "tgcf is installed",
      done: Boolean(input.tgcfVersion),
      todo: "tgcf-server did not find tgcf: press Install tgcf above, or install it yourself (pip install tgcf, in a virtual environment) and restart the server with --tgcf-command pointing at it.",
      page: "run",
    },
    {
      id: "account",
      title: "A Telegram account is set",
      done: accountIsSet(config),
      todo: "Enter the API ID and hash from my.telegram.org, then a bot token from @BotFather or sign in with your phone; Check login tells whether Telegram accepts it.",
      page: "account",
    },
    {
      id: "connection",
      title: "At least one connection",
      done: hasConnection(config),
      todo: "Add a connection: the chat to forward from and where to.",
      page: "connections",
    },
    { id: "start", title: "Start tgcf", done: input.hasRun, todo: "Press Start below.", page: "run" },
  ];
}
