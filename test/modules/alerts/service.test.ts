// The service on a fake clock with fake instances: the cooldown, the channels' event lists, instances coming and going.
import { afterEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { FakeClock, settle } from "../process/fakes";
import { tempDir } from "../../helpers/server";
import type { SupervisorStatus } from "../../../src/modules/process/state";
import { AlertDelivery } from "../../../src/modules/alerts/delivery";
import { AlertService, STALL_POLL_MS, type AlertSource } from "../../../src/modules/alerts/service";
import { AlertSettingsStore } from "../../../src/modules/alerts/settings-store";
import type { Alert } from "../../../src/modules/alerts/alert";
import type { AlertChannel, AlertSettings } from "../../../src/modules/alerts/model";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

class FakeInstance implements AlertSource {
  private listeners = new Set<(status: SupervisorStatus) => void>();
  private exits = 0;
  current: SupervisorStatus = { isRunning: false, pid: null, startTime: null, mode: "live", uptimeSeconds: 0, state: "stopped", restarts: 0, nextStartAt: null, lastExit: null };
  stalled = false;
  constructor(readonly id: string) {}
  name = () => `Instance ${this.id}`;
  status = () => this.current;
  onStatus(listener: (status: SupervisorStatus) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  lastLines = (count: number) => ["\x1b[1mbold\x1b[0m line", "plain line"].slice(-count);
  stalls = async () => [{ connection: "news", stalled: this.stalled, silentForSeconds: 4_000 }];
  exit(state: SupervisorStatus["state"]) {
    this.current = { ...this.current, state, lastExit: { code: 1, signal: null, at: new Date(Date.UTC(2026, 0, 1, 0, 0, ++this.exits)).toISOString(), reason: "it exited", cause: null, lastLines: ["last"] } };
    for (const listener of this.listeners) listener(this.current);
  }
  get listenerCount() {
    return this.listeners.size;
  }
}

async function setup(settings: Partial<AlertSettings>, instances: FakeInstance[]) {
  const dir = tempDir();
  dirs.push(dir);
  const clock = new FakeClock();
  const sent: Array<{ channel: string; alert: Alert }> = [];
  const delivery = new AlertDelivery({ clock, send: async (channel: AlertChannel, alert: Alert) => (sent.push({ channel: channel.id, alert }), { ok: true, httpStatus: 200, error: null }) });
  const store = new AlertSettingsStore(join(dir, "alerts.json"));
  await store.replace({ cooldownSeconds: 600, channels: [{ id: "all", kind: "webhook", url: "http://127.0.0.1:9/" }], ...settings });
  // The registry's onInstancesChanged, played by the test: instancesChanged() is an instance made or deleted.
  const listeners = new Set<() => void>();
  const onSourcesChanged = (listener: () => void) => (listeners.add(listener), () => void listeners.delete(listener));
  const instancesChanged = () => listeners.forEach((listener) => listener());
  const service = new AlertService({ store, sources: () => instances, onSourcesChanged, clock, delivery });
  service.start();
  return { clock, sent, service, instancesChanged, listeners };
}

test("an event kind is sent once per cooldown per instance", async () => {
  const one = new FakeInstance("one");
  const two = new FakeInstance("two");
  const { clock, sent, service } = await setup({ cooldownSeconds: 600 }, [one, two]);
  one.exit("backoff");
  one.exit("backoff");
  two.exit("backoff");
  await settle();
  expect(sent.map(({ alert }) => [alert.instance?.id, alert.event])).toEqual([["one", "unexpected-exit"], ["two", "unexpected-exit"]]);
  expect(sent[0]!.alert).toMatchObject({ instance: { id: "one", name: "Instance one" }, lastLines: ["last"], url: null });
  await clock.advance(600_000);
  one.exit("backoff");
  await settle();
  expect(sent).toHaveLength(3);
  service.close();
});

test("a channel gets only the events it lists; one without a list gets every event", async () => {
  const one = new FakeInstance("one");
  const { sent, service } = await setup(
    { channels: [{ id: "fatal-only", kind: "ntfy", url: "http://127.0.0.1:9/a", events: ["fatal"] }, { id: "all", kind: "webhook", url: "http://127.0.0.1:9/b" }] },
    [one],
  );
  one.exit("backoff");
  one.exit("fatal");
  await settle();
  expect(sent.map(({ channel, alert }) => `${channel}:${alert.event}`).sort()).toEqual(["all:fatal", "all:unexpected-exit", "fatal-only:fatal"]);
  service.close();
});

test("an instance made again under the same id (deleted and made, or rebuilt with new settings) is watched anew", async () => {
  const first = Object.assign(new FakeInstance("relay"), { owner: {} });
  const instances: FakeInstance[] = [first];
  const { sent, service, instancesChanged } = await setup({}, instances);
  const again = Object.assign(new FakeInstance("relay"), { owner: {} });
  instances.splice(0, 1, again);
  instancesChanged();
  expect(first.listenerCount).toBe(0);
  again.exit("fatal");
  await settle();
  expect(sent.map(({ alert }) => `${alert.instance?.id}:${alert.event}`)).toEqual(["relay:fatal"]);
  service.close();
});

test("instances created later are watched as they are made, deleted ones forgotten; a closed service stops following", async () => {
  const instances = [new FakeInstance("one")];
  const { sent, service, instancesChanged, listeners } = await setup({}, instances);
  const later = new FakeInstance("later");
  instances.push(later);
  instancesChanged();
  later.exit("fatal");
  await settle();
  expect(sent.map(({ alert }) => alert.instance?.id)).toEqual(["later"]);
  instances.splice(1, 1);
  instancesChanged();
  expect(later.listenerCount).toBe(0);
  service.close();
  expect(instances[0]!.listenerCount).toBe(0);
  expect(listeners.size).toBe(0);
});

test("stalled connections are polled and alerted with the log's last lines, terminal codes removed", async () => {
  const one = new FakeInstance("one");
  const { clock, sent, service } = await setup({ publicUrl: "https://tgcf.example.test/" }, [one]);
  one.stalled = true;
  await clock.advance(STALL_POLL_MS);
  await settle();
  expect(sent).toHaveLength(1);
  expect(sent[0]!.alert).toMatchObject({ event: "connection-stalled", connection: "news", lastLines: ["bold line", "plain line"], url: "https://tgcf.example.test/#/i/one/run" });
  service.close();
});
