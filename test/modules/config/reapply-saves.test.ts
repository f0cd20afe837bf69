import { describe, expect, test } from "bun:test";
import { defaultConfig, type TgcfConfig, type TgcfForward } from "../../../src/modules/config/model";
import { diffConfigs } from "../../../src/modules/config/reapply-diff";
import { SavedChanges, startedWith } from "../../../src/modules/config/reapply-saves";

function connection(source: number, extra: Partial<TgcfForward> = {}): TgcfForward {
  return { con_name: `from ${source}`, use_this: true, source, dest: [-2], offset: 0, end: 0, ...extra };
}

/** A copy of `from` (default START) changed by `change`. */
function configWith(change: (config: TgcfConfig) => void, from: TgcfConfig = START): TgcfConfig {
  const config = structuredClone(from);
  change(config);
  return config;
}

/** tgcf started with `started`; the person saved `saved` over `before`; tgcf then wrote `tgcf`. Returns the merge. */
function merge(started: TgcfConfig, before: TgcfConfig, saved: TgcfConfig, tgcf: TgcfConfig): TgcfConfig {
  const changes = new SavedChanges();
  changes.record(diffConfigs(before, saved));
  return changes.applyTo(tgcf, startedWith(started));
}

const START = configWith((config) => (config.forwards = [connection(-1), connection(-2)]), defaultConfig());
/** tgcf's write after some past-mode messages: its startup copy with offsets moved on. */
const progressed = (by: number, from = START) => configWith((config) => config.forwards.forEach((each) => (each.offset += by)), from);

describe("writing saved changes back over tgcf's write", () => {
  test("a field the person saved takes the person's value; everything else, offsets included, is tgcf's", () => {
    const saved = configWith((config) => (config.plugins.caption = { check: true, header: "mine", footer: "" }), progressed(3));
    const merged = merge(START, progressed(3), saved, progressed(10));
    expect(merged.plugins.caption).toEqual({ check: true, header: "mine", footer: "" });
    expect(merged.forwards.map((each) => each.offset)).toEqual([10, 10]);
  });

  test("an offset tgcf has moved since it started is never rewound, even by a form that sent an old one", () => {
    const saved = configWith((config) => (config.forwards[0]!.offset = 0), progressed(3));
    expect(merge(START, progressed(3), saved, progressed(10)).forwards[0]!.offset).toBe(10);
  });

  test("an offset tgcf has not moved (live mode) takes the person's saved value", () => {
    const saved = configWith((config) => (config.forwards[0]!.offset = 500));
    expect(merge(START, START, saved, START).forwards.map((each) => each.offset)).toEqual([500, 0]);
  });

  test("a connection the person added is appended to tgcf's, with the person's offset", () => {
    const added = connection(-3, { offset: 42 });
    const saved = configWith((config) => config.forwards.push(added), progressed(1));
    expect(merge(START, progressed(1), saved, progressed(5)).forwards).toEqual([...progressed(5).forwards, added]);
  });

  test("a connection the person removed is removed from tgcf's", () => {
    const saved = configWith((config) => config.forwards.splice(0, 1));
    expect(merge(START, START, saved, progressed(2)).forwards).toEqual([progressed(2).forwards[1]!]);
  });

  test("edits follow a connection to its new index after tgcf's /remove and /forward", () => {
    const saved = configWith((config) => (config.forwards[1]!.con_name = "renamed"));
    // tgcf's bot: /remove source: -1, then /forward source: -4.
    const tgcf = configWith((config) => (config.forwards = [connection(-2), connection(-4)]));
    expect(merge(START, START, saved, tgcf).forwards.map((each) => each.con_name)).toEqual(["renamed", "from -4"]);
  });

  test("a connection tgcf's bot removed after the person edited it stays removed", () => {
    const saved = configWith((config) => (config.forwards[0]!.con_name = "renamed"));
    const tgcf = configWith((config) => config.forwards.splice(0, 1));
    expect(merge(START, START, saved, tgcf).forwards).toEqual([connection(-2)]);
  });

  test("a connection tgcf's bot added since it started survives the person's removal of one with that source", () => {
    const saved = configWith((config) => config.forwards.push(connection(-3)), START);
    const removed = configWith((config) => config.forwards.pop(), saved);
    const changes = new SavedChanges();
    changes.record(diffConfigs(START, saved));
    changes.record(diffConfigs(saved, removed));
    const botAdded = configWith((config) => config.forwards.push(connection(-3, { con_name: "the bot's" })));
    expect(changes.applyTo(botAdded, startedWith(START)).forwards.map((each) => each.con_name)).toEqual(["from -1", "from -2", "the bot's"]);
  });

  test("a connection added by the person, then edited, is appended as last saved", () => {
    const added = configWith((config) => config.forwards.push(connection(-3)));
    const edited = configWith((config) => (config.forwards[2]!.dest = [-7, -8]), added);
    const changes = new SavedChanges();
    changes.record(diffConfigs(START, added));
    changes.record(diffConfigs(added, edited));
    expect(changes.applyTo(START, startedWith(START)).forwards[2]).toEqual(connection(-3, { dest: [-7, -8] }));
    expect(changes.pointers()).toEqual(["/forwards/2"]);
  });

  test("a later save of a leaf inside an earlier one applies on top of it", () => {
    const first = configWith((config) => ((config as Record<string, unknown>).extra = { a: 1, b: 2 }));
    const second = configWith((config) => ((config as Record<string, unknown>).extra = { a: 1, b: 3 }), first);
    const changes = new SavedChanges();
    changes.record(diffConfigs(START, first));
    changes.record(diffConfigs(first, second));
    expect((changes.applyTo(START, startedWith(START)) as Record<string, unknown>).extra).toEqual({ a: 1, b: 3 });
    expect(changes.pointers()).toEqual(["/extra", "/extra/b"]);
  });

  test("tgcf's write is not modified", () => {
    const tgcf = progressed(4);
    const before = structuredClone(tgcf);
    merge(START, START, configWith((config) => (config.theme = "dark")), tgcf);
    expect(tgcf).toEqual(before);
  });
});
