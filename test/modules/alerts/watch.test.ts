// Which status changes are alerts, on a fake clock: one per unresolved condition, cleared by a recovery.
import { expect, test } from "bun:test";
import { FakeClock } from "../process/fakes";
import type { SupervisorStatus } from "../../../src/modules/process/state";
import { DEFAULT_RECOVERED_AFTER_SECONDS, InstanceWatch, LOGIN_HINT_KINDS, type DetectedEvent, type WatchThresholds } from "../../../src/modules/alerts/watch";

const THRESHOLDS: WatchThresholds = { floodWaitSeconds: 300, restartStorm: { restarts: 3, minutes: 10 }, recoveredAfterSeconds: DEFAULT_RECOVERED_AFTER_SECONDS };

function setup() {
  const clock = new FakeClock();
  const events: DetectedEvent[] = [];
  let current = status("stopped");
  const watch = new InstanceWatch(current, clock, () => THRESHOLDS, (event) => events.push(event), () => current);
  let exits = 0;
  const feed = (next: SupervisorStatus) => {
    current = next;
    watch.onStatus(next);
  };
  const exit = (state: SupervisorStatus["state"], hint: { kind: string; waitSeconds?: number } | null = null) =>
    feed(status(state, { at: new Date(clock.now() + ++exits).toISOString(), hint }));
  const run = (startTime = new Date(clock.now()).toISOString()) => feed({ ...status("running"), startTime });
  return { clock, events, watch, feed, exit, run, kinds: () => events.map((event) => event.kind) };
}

function status(state: SupervisorStatus["state"], exit?: { at: string; hint: { kind: string; waitSeconds?: number } | null }): SupervisorStatus {
  return {
    isRunning: state === "running",
    pid: null,
    startTime: null,
    mode: "live",
    uptimeSeconds: 0,
    state,
    restarts: 0,
    nextStartAt: state === "backoff" ? "2026-01-01T00:01:00.000Z" : null,
    lastExit: exit
      ? {
          code: 1,
          signal: null,
          at: exit.at,
          reason: "RuntimeError: boom (tgcf exited)",
          cause: { text: "RuntimeError: boom", exceptionType: "RuntimeError", hint: exit.hint ? { hint: "do something", field: null, ...exit.hint } : null },
          lastLines: ["line 1", "line 2"],
        }
      : null,
  };
}

test("an unexpected exit is an alert with tgcf's cause and last lines; a requested stop is not", () => {
  const { events, exit, kinds } = setup();
  exit("backoff");
  expect(events).toEqual([{ kind: "unexpected-exit", title: "tgcf exited unexpectedly; restarting at 2026-01-01T00:01:00.000Z", cause: "RuntimeError: boom", hint: null, connection: null, lastLines: ["line 1", "line 2"] }]);
  exit("stopped");
  expect(kinds()).toEqual(["unexpected-exit"]);
});

test("fatal is reported once until the instance recovers for a healthy while, then again", async () => {
  const { clock, exit, run, kinds } = setup();
  exit("fatal");
  exit("fatal");
  expect(kinds()).toEqual(["fatal"]);
  run();
  await clock.advance(DEFAULT_RECOVERED_AFTER_SECONDS * 1000 - 1);
  expect(kinds()).toEqual(["fatal"]);
  await clock.advance(1);
  expect(kinds()).toEqual(["fatal", "recovered"]);
  exit("fatal");
  expect(kinds()).toEqual(["fatal", "recovered", "fatal"]);
});

test("a run that ends before the healthy while is no recovery", async () => {
  const { clock, exit, run, kinds } = setup();
  exit("backoff");
  run();
  await clock.advance(1_000);
  exit("backoff");
  await clock.advance(DEFAULT_RECOVERED_AFTER_SECONDS * 1000);
  expect(kinds()).toEqual(["unexpected-exit", "unexpected-exit"]);
});

test("every login hint is a login problem, reported once until recovery", () => {
  for (const kind of LOGIN_HINT_KINDS) {
    const { exit, kinds } = setup();
    exit("backoff", { kind });
    exit("backoff", { kind });
    expect(kinds()).toEqual(["login-problem"]);
  }
});

test("a FloodWait is an alert only beyond the threshold", () => {
  const { exit, kinds, events } = setup();
  exit("backoff", { kind: "flood-wait", waitSeconds: THRESHOLDS.floodWaitSeconds });
  exit("backoff", { kind: "flood-wait", waitSeconds: THRESHOLDS.floodWaitSeconds + 1 });
  expect(kinds()).toEqual(["unexpected-exit", "flood-wait"]);
  expect(events[1]!.title).toContain("301 s");
});

test("a restart storm is N unexpected exits within M minutes", async () => {
  const { clock, exit, kinds } = setup();
  exit("backoff");
  await clock.advance(THRESHOLDS.restartStorm.minutes * 60_000);
  exit("backoff");
  exit("backoff");
  expect(kinds()).not.toContain("restart-storm");
  exit("backoff");
  exit("backoff");
  expect(kinds().filter((kind) => kind === "restart-storm")).toHaveLength(1);
});

test("a stalled connection is reported once until it is active again", () => {
  const { watch, events, kinds } = setup();
  watch.onStalls([{ connection: "news", stalled: true, silentForSeconds: 7_200 }, { connection: "other", stalled: false, silentForSeconds: 10 }]);
  watch.onStalls([{ connection: "news", stalled: true, silentForSeconds: 7_300 }]);
  expect(events).toMatchObject([{ kind: "connection-stalled", connection: "news" }]);
  expect(events[0]!.title).toContain("120 min");
  watch.onStalls([{ connection: "news", stalled: false, silentForSeconds: 0 }]);
  watch.onStalls([{ connection: "news", stalled: true, silentForSeconds: 7_200 }]);
  expect(kinds()).toEqual(["connection-stalled", "connection-stalled"]);
});
