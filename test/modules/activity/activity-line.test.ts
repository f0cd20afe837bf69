// tgcf's activity records read back from its real line formats: plain and coloured, 80 and 200 columns.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { activityOf, chatIdOf, type ActivityEvent } from "../../../src/modules/activity/activity-line";
import { ActivityLineReader } from "../../../src/modules/activity/record-reader";
import { LAYOUTS, captureName } from "../../fixtures/activity/make-captures";

const FIXTURES = join(import.meta.dir, "../../fixtures/activity");

function eventsOf(lines: readonly string[]): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  const reader = new ActivityLineReader((event) => events.push(event));
  for (const line of lines) reader.push(line);
  reader.finish();
  return events;
}

const LIVE_EVENTS: ActivityEvent[] = [
  { kind: "handler-added", event: "new" },
  { kind: "handler-added", event: "edited" },
  { kind: "handler-added", event: "deleted" },
  { kind: "received", chat: "-1001234567890" },
  { kind: "received", chat: "-1001234567890" },
  { kind: "edited", chat: "-1001234567890" },
  { kind: "deleted", chat: "-1001234567890" },
  { kind: "received", chat: "-1009876543210" },
  { kind: "flood-wait", seconds: 27 },
  { kind: "error", message: "Unhandled exception on new_message_handler" },
];

const PAST_EVENTS: ActivityEvent[] = [
  { kind: "past-connection", chat: "-1001234567890", destinations: "[-1001111111111, -1002222222222]" },
  { kind: "forwarded", messageId: 101 },
  { kind: "slept", seconds: 1 },
  { kind: "forwarded", messageId: 102 },
  { kind: "slept", seconds: 1 },
  { kind: "flood-wait", seconds: 30 },
  { kind: "error", message: "The message cannot be empty unless a file is provided" },
  { kind: "past-connection", chat: "-1009876543210", destinations: "[-1001111111111]" },
  { kind: "forwarded", messageId: 7 },
  { kind: "slept", seconds: 1 },
];

describe.each(LAYOUTS.map((layout) => [captureName("*", layout), layout] as const))("%s", (_name, layout) => {
  const read = (run: string) => readFileSync(join(FIXTURES, captureName(run, layout)), "utf8").split("\n");

  test("live mode: handlers, messages received, edited, deleted, Telethon's FloodWait sleep and an error", () => {
    expect(eventsOf(read("live-activity"))).toEqual(LIVE_EVENTS);
  });

  test("past mode: connections, forwarded ids, sleeps, tgcf's FloodWait and a failed message, wrapped records joined", () => {
    expect(eventsOf(read("past-activity"))).toEqual(PAST_EVENTS);
  });

  test("no login", () => {
    expect(eventsOf(read("live-nologin"))).toEqual([{ kind: "login-missing" }]);
  });
});

test("the real tgcf's captures, which never reached Telegram, hold no activity but the missing login", () => {
  const realDir = join(import.meta.dir, "../../fixtures/tgcf");
  const captures = [
    ...readdirSync(realDir).filter((name) => name.includes("stdout")).map((name) => join(realDir, name)),
    ...readdirSync(join(realDir, "exits")).filter((name) => name.includes("stdout")).map((name) => join(realDir, "exits", name)),
  ];
  expect(captures.length).toBeGreaterThanOrEqual(8);
  for (const path of captures) {
    const expected = path.includes("nologin") ? [{ kind: "login-missing" }] : [];
    expect(eventsOf(readFileSync(path, "utf8").split("\n")), path).toEqual(expected as ActivityEvent[]);
  }
});

describe("exact texts", () => {
  const record = (message: string, level: "INFO" | "WARNING" | "ERROR" | "CRITICAL" = "INFO") => activityOf({ level, message, source: null });

  test("tgcf's own words match; near misses do not", () => {
    expect(record("New message received in -100123")).toEqual({ kind: "received", chat: "-100123" });
    expect(record("New message received in 777000")).toEqual({ kind: "received", chat: "777000" });
    expect(record("New message received in @channel")).toBeNull();
    expect(record("new message received in -100123")).toBeNull();
    expect(record("Message edited in -5")).toEqual({ kind: "edited", chat: "-5" });
    expect(record("Message deleted in -5")).toEqual({ kind: "deleted", chat: "-5" });
    expect(record("forwarding message with id = 42")).toEqual({ kind: "forwarded", messageId: 42 });
    expect(record("slept for 0.5 seconds")).toEqual({ kind: "slept", seconds: 0.5 });
    expect(record("Added event handler for start")).toEqual({ kind: "handler-added", event: "start" });
    expect(record("Login information not set!", "WARNING")).toEqual({ kind: "login-missing" });
    expect(record("From to dict is {-1001: [-1002]}")).toBeNull();
  });

  test("FloodWaits: tgcf's `Sleeping for <FloodWaitError>`, Telethon's early and normal sleeps, and one without seconds", () => {
    expect(record("Sleeping for A wait of 300 seconds is required (caused by SendMessageRequest)")).toEqual({ kind: "flood-wait", seconds: 300 });
    expect(record("Sleeping for A wait of 5 seconds is required in the test servers (caused by SendCodeRequest)")).toEqual({ kind: "flood-wait", seconds: 5 });
    expect(record("Sleeping for 27s (0:00:27) on SendMessageRequest flood wait")).toEqual({ kind: "flood-wait", seconds: 27 });
    expect(record("Sleeping early for 4s (0:00:04) on GetHistoryRequest flood wait")).toEqual({ kind: "flood-wait", seconds: 4 });
    expect(record("Sleeping for a FloodWait")).toEqual({ kind: "flood-wait", seconds: 0 });
  });

  test("every ERROR and CRITICAL record is an error, whatever it says", () => {
    expect(record("New message received in -1", "ERROR")).toEqual({ kind: "error", message: "New message received in -1" });
    expect(record("boom", "CRITICAL")).toEqual({ kind: "error", message: "boom" });
    expect(record("boom", "WARNING")).toBeNull();
  });
});

test("chat ids compare as numbers; usernames and links are not ids", () => {
  expect(chatIdOf(-1001234567890)).toBe("-1001234567890");
  expect(chatIdOf("-1001234567890")).toBe("-1001234567890");
  expect(chatIdOf(" -0001 ")).toBe("-1");
  expect(chatIdOf("+42")).toBe("42");
  expect(chatIdOf("@channel")).toBeNull();
  expect(chatIdOf("https://t.me/channel")).toBeNull();
  expect(chatIdOf(1.5)).toBeNull();
  expect(chatIdOf(null)).toBeNull();
});

test("a record wrapped over lines that arrive one by one is read once it is complete", async () => {
  const events: ActivityEvent[] = [];
  const reader = new ActivityLineReader((event) => events.push(event));
  reader.push("[11/24/26 11:09:05] INFO     Sleeping for A wait of 30 seconds is     past.py:82");
  reader.push("                             required (caused by SendMessageRequest)           ");
  expect(events).toEqual([]);
  await Promise.resolve();
  expect(events).toEqual([{ kind: "flood-wait", seconds: 30 }]);
});
