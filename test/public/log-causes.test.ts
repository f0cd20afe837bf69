// The words and cheap test the live log uses for tgcf's known failures (public/lib/log-causes.ts), over the one list
// of their patterns in src/shared/tgcf-output/known-causes.ts.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripAnsi } from "../../public/lib/ansi.ts";
import { CAUSE_LABELS, causeLabel, causeOf, type CauseKind } from "../../public/lib/log-causes.ts";
import { hintFor, KNOWN_CAUSE_KINDS, mayNameKnownCause } from "../../src/shared/tgcf-output/known-causes.ts";

/** One line per kind as Telethon or tgcf words it; a kind added to known-causes.ts must get one here. */
const SAMPLES: Record<CauseKind, string> = {
  network: "OSError: [Errno 101] Network is unreachable",
  "flood-wait": "telethon.errors.rpcerrorlist.FloodWaitError: A wait of 42 seconds is required (caused by SendMessageRequest)",
  "session-invalid": "telethon.errors.rpcerrorlist.AuthKeyUnregisteredError: The key is not registered in the system",
  "session-duplicated": "telethon.errors.rpcerrorlist.AuthKeyDuplicatedError: An auth key with the same ID was already generated",
  "bot-token-invalid": "telethon.errors.rpcerrorlist.AccessTokenInvalidError: The provided token is not valid",
  "api-id-invalid": "telethon.errors.rpcerrorlist.ApiIdInvalidError: The api_id/api_hash combination is invalid",
  "chat-unreachable": "telethon.errors.rpcerrorlist.ChannelPrivateError: The channel specified is private -1001234567890",
  "login-missing": "Login information not set!",
  "past-needs-user": "You cannot use bot account for tgcf past mode. Telegram does not allow bots to access chat history.",
  "config-unreadable": "Failed to read config: Expecting value: line 1 column 1 (char 0)",
  "fake-mode": "You are running fake with FAKE=1",
};

function fixtureLines(): string[] {
  const dirs = [join(import.meta.dir, "../fixtures/tgcf"), join(import.meta.dir, "../fixtures/tgcf/exits"), join(import.meta.dir, "../fixtures/activity")];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".txt"))
      .flatMap((name) => readFileSync(join(dir, name), "utf8").split("\n").map(stripAnsi)),
  );
}

describe("known failures in the live log", () => {
  test("every kind known-causes.ts matches has words and a sample that the log labels with that kind", () => {
    expect(new Set(Object.keys(SAMPLES))).toEqual(new Set(KNOWN_CAUSE_KINDS));
    expect(new Set(Object.keys(CAUSE_LABELS))).toEqual(new Set(KNOWN_CAUSE_KINDS));
    for (const kind of KNOWN_CAUSE_KINDS) {
      expect(causeOf(SAMPLES[kind])?.kind).toBe(kind);
      expect(CAUSE_LABELS[kind].length).toBeGreaterThan(0);
    }
  });

  test("the cheap first test never turns away a line hintFor knows, over every real capture and sample", () => {
    const lines = [...fixtureLines(), ...Object.values(SAMPLES)];
    let known = 0;
    for (const line of lines) {
      const hint = hintFor(line);
      if (hint) known++;
      if (hint) expect(mayNameKnownCause(line)).toBe(true);
      expect(causeOf(line)).toEqual(hint);
    }
    expect(known).toBeGreaterThan(Object.keys(SAMPLES).length);
  });

  test("the tag says the kind in words, and how long a FloodWait asks to wait", () => {
    expect(causeLabel(causeOf(SAMPLES["flood-wait"])!)).toBe("FloodWait 42 s");
    expect(causeLabel(causeOf(SAMPLES["session-duplicated"])!)).toBe("Session used twice");
  });
});
