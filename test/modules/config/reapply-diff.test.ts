import { describe, expect, test } from "bun:test";
import { TgcfConfigSchema, defaultConfig, type TgcfConfig, type TgcfForward } from "../../../src/modules/config/model";
import { connectionKeys, diffConfigs, isOffsetChange, pointerOf, sameJson } from "../../../src/modules/config/reapply-diff";

/** Every field of a connection, from the model itself. */
const CONNECTION_FIELDS = Object.keys(TgcfConfigSchema.properties.forwards.items.properties);

function connection(source: number | string, extra: Partial<TgcfForward> = {}): TgcfForward {
  return { con_name: `from ${source}`, use_this: true, source, dest: [-2], offset: 0, end: 0, ...extra };
}

function configWith(change: (config: TgcfConfig) => void): TgcfConfig {
  const config = defaultConfig();
  change(config);
  return config;
}

const pointers = (before: TgcfConfig, after: TgcfConfig) => diffConfigs(before, after).map(pointerOf);

describe("diffConfigs", () => {
  test("objects are walked to their leaves; an array is one leaf", () => {
    const before = defaultConfig();
    const after = configWith((config) => {
      config.plugins.caption.header = "hi";
      config.plugins.filter.text.blacklist = ["spam"];
      config.admins = [1, 2];
    });
    expect(pointers(before, after).sort()).toEqual(["/admins", "/plugins/caption/header", "/plugins/filter/text/blacklist"]);
  });

  test("an unknown key added or removed is a leaf with its whole value", () => {
    const before = defaultConfig();
    const after = { ...defaultConfig(), extra: { nested: { deep: 1 } } } as TgcfConfig;
    expect(diffConfigs(before, after)).toEqual([{ kind: "field", pointer: "/extra", value: { nested: { deep: 1 } } }]);
    expect(diffConfigs(after, before)).toEqual([{ kind: "field", pointer: "/extra", value: undefined }]);
  });

  test("each field of a connection is its own leaf, offset included", () => {
    const base = connection(-1001);
    const changed: Record<string, unknown> = { con_name: "renamed", use_this: false, dest: [-3, "@x"], offset: 77, end: 99 };
    for (const field of CONNECTION_FIELDS.filter((name) => name !== "source")) {
      expect({ field, known: Object.hasOwn(changed, field) }).toEqual({ field, known: true });
      const after = { ...base, [field]: changed[field] };
      const changes = diffConfigs(configWith((c) => (c.forwards = [base])), configWith((c) => (c.forwards = [after])));
      expect(changes).toEqual([{ kind: "connection-field", key: connectionKeys([base])[0]!, index: 0, field, value: changed[field] }]);
      expect(isOffsetChange(changes[0]!)).toBe(field === "offset");
    }
  });

  test("connections are matched by source: tgcf's /remove and /forward shift indexes without changing them", () => {
    const [a, b, c] = [connection(-1), connection(-2), connection(-3)];
    const before = configWith((config) => (config.forwards = [a, b, c]));
    // /remove source: -1, then /forward source: -4: indexes of b and c move down by one.
    const d = connection(-4);
    const after = configWith((config) => (config.forwards = [b, { ...c, offset: 5 }, d]));
    expect(pointers(before, after)).toEqual(["/forwards/1/offset", "/forwards/2", "/forwards/0"]);
    expect(diffConfigs(before, after).map((change) => change.kind)).toEqual(["connection-field", "connection-added", "connection-removed"]);
  });

  test("/forward of a source that exists replaces it at the end: the fields that differ, at its new index", () => {
    const [a, b] = [connection(-1), connection(-2)];
    const before = configWith((config) => (config.forwards = [a, b]));
    const after = configWith((config) => (config.forwards = [b, { ...a, dest: [-9] }]));
    expect(pointers(before, after)).toEqual(["/forwards/1/dest"]);
  });

  test("connections from the same source are matched in their order; a changed source is a removal and an addition", () => {
    const first = connection(-1, { con_name: "first" });
    const second = connection(-1, { con_name: "second" });
    expect(connectionKeys([first, second, connection(-2)])).toEqual(["-1#0", "-1#1", "-2#0"]);
    const before = configWith((config) => (config.forwards = [first, second]));
    const after = configWith((config) => (config.forwards = [first, { ...second, source: -5 }]));
    expect(diffConfigs(before, after).map((change) => [change.kind, pointerOf(change)])).toEqual([
      ["connection-added", "/forwards/1"],
      ["connection-removed", "/forwards/1"],
    ]);
  });

  test("sameJson ignores key order and tells arrays, objects and scalars apart", () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(1, "1")).toBe(false);
  });
});
