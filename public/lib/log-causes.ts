// Known tgcf and Telethon failures named in a log line: which one, in words, from src/shared/tgcf-output/known-causes.ts
// (the one list of their patterns, which the server's exit causes also use).
import { hintFor, mayNameKnownCause, type CauseHint, type CauseKind } from "../../src/shared/tgcf-output/known-causes.ts";

export type { CauseHint, CauseKind };

/** Each kind in a few words, for the tag on the line (the hint says the rest). */
export const CAUSE_LABELS: Readonly<Record<CauseKind, string>> = {
  network: "Cannot reach Telegram",
  "flood-wait": "FloodWait",
  "session-invalid": "Session no longer valid",
  "session-duplicated": "Session used twice",
  "bot-token-invalid": "Bot token refused",
  "api-id-invalid": "API ID refused",
  "chat-unreachable": "Chat not reachable",
  "login-missing": "No login",
  "past-needs-user": "Past mode needs a user",
  "config-unreadable": "Config unreadable",
  "fake-mode": "FAKE is set",
};

/** The known failure `text` (free of terminal codes) names, or null; most lines cost one regular-expression scan. */
export function causeOf(text: string): CauseHint | null {
  return mayNameKnownCause(text) ? hintFor(text) : null;
}

/** The tag's words: the kind's label, with the wait for a FloodWait ("FloodWait 30 s"). */
export function causeLabel(cause: CauseHint): string {
  const label = CAUSE_LABELS[cause.kind];
  return cause.waitSeconds === undefined ? label : `${label} ${cause.waitSeconds} s`;
}
