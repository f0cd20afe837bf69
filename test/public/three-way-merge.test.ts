import { describe, expect, test } from "bun:test";
import { diffToJsonPatch, type DiffOptions } from "../../src/shared/json-diff";
import { applyJsonPatch } from "../../src/shared/json-patch";
import { resolveConflict } from "../../public/lib/conflict-choice.ts";
import { originsAfterEdit } from "../../public/lib/draft-origins.ts";
import { alignRecords } from "../../public/lib/record-alignment.ts";
import { rebase, topLevelKey } from "../../public/lib/three-way-merge.ts";

const connection = (name: string, offset = 0) => ({ con_name: name, source: `@${name}`, dest: ["@out"], offset });
const base = () => ({ mode: 0, admins: [1], forwards: [connection("a", 10), connection("b", 20)] });
type Config = ReturnType<typeof base>;
const options: DiffOptions = { identityKeys: (pointer) => (pointer === "/forwards" ? ["con_name", "source"] : []) };

function change(edit: (config: Config) => void): Config {
  const copy = structuredClone(base());
  edit(copy);
  return copy;
}

describe("rebase: the draft's edits moved onto a newer config", () => {
  test("fields changed on one side only are merged without a conflict", () => {
    const draft = change((c) => (c.forwards[0]!.dest = ["@mine"]));
    const fresh = change((c) => {
      c.forwards[0]!.offset = 99;
      c.admins = [7];
    });
    const result = rebase(base(), draft, fresh, options);
    expect(result.conflicts).toEqual([]);
    expect(result.base).toEqual(fresh);
    expect(result.draft).toEqual(change((c) => {
      c.forwards[0]!.offset = 99;
      c.forwards[0]!.dest = ["@mine"];
      c.admins = [7];
    }));
    // Sent again, only the field the person changed goes (with its guards): never the offset or the admins.
    const operations = diffToJsonPatch(result.base, result.draft, { ...options, origins: result.origins });
    expect(operations.filter((operation) => operation.op !== "test")).toEqual([{ op: "replace", path: "/forwards/0/dest", value: ["@mine"] }]);
  });

  test("a field changed on both sides is a conflict; its saved value stays, so a save is refused there", () => {
    const draft = change((c) => (c.mode = 1));
    const fresh = change((c) => (c.mode = 5));
    const result = rebase(base(), draft, fresh, options);
    expect(result.conflicts).toEqual([{ path: "/mode", basePath: "/mode", base: 0, theirs: 5, mine: 1 }]);
    expect((result.base as Config).mode).toBe(0);
    expect((result.draft as Config).mode).toBe(1);
  });

  test("a connection inserted on disk: the edit follows its connection to the new index", () => {
    const draft = change((c) => (c.forwards[1]!.dest = ["@mine"]));
    const fresh = change((c) => c.forwards.unshift(connection("new")));
    const result = rebase(base(), draft, fresh, options);
    expect(result.conflicts).toEqual([]);
    expect((result.draft as Config).forwards.map((f) => [f.con_name, f.dest])).toEqual([
      ["new", ["@out"]],
      ["a", ["@out"]],
      ["b", ["@mine"]],
    ]);
    // Sent again, the edit's tests now pass against the file.
    const operations = diffToJsonPatch(result.base, result.draft, { ...options, origins: result.origins });
    expect((applyJsonPatch(fresh, operations) as Config).forwards[2]!.dest).toEqual(["@mine"]);
  });

  test("a connection renamed on disk is still found by its source", () => {
    expect(alignRecords(base().forwards, change((c) => (c.forwards[0]!.con_name = "renamed")).forwards, ["con_name", "source"])).toEqual([0, 1]);
    const draft = change((c) => (c.forwards[0]!.dest = ["@mine"]));
    const fresh = change((c) => (c.forwards[0]!.con_name = "renamed"));
    const result = rebase(base(), draft, fresh, options);
    expect(result.conflicts).toEqual([]);
    expect((result.draft as Config).forwards[0]).toMatchObject({ con_name: "renamed", dest: ["@mine"] });
  });

  test("connections the person added and reordered keep their origins; offsets moved on disk are taken", () => {
    const saved = base();
    const edits = originsAfterEdit({}, "/forwards", saved.forwards, [saved.forwards[1]!, connection("new"), saved.forwards[0]!]);
    expect(edits).toEqual({ "/forwards": [1, null, 0] });
    const draft = { ...saved, forwards: [saved.forwards[1]!, connection("new"), saved.forwards[0]!] };
    const fresh = change((c) => (c.forwards[0]!.offset = 11));
    const result = rebase(saved, draft, fresh, { ...options, origins: edits });
    expect(result.conflicts).toEqual([]);
    expect(result.origins).toEqual({ "/forwards": [1, null, 0] });
    expect((result.draft as Config).forwards.map((f) => [f.con_name, f.offset])).toEqual([
      ["b", 20],
      ["new", 0],
      ["a", 11],
    ]);
  });

  test("both sides restructured the list: the whole list is one conflict", () => {
    const saved = base();
    const draft = { ...saved, forwards: [saved.forwards[0]!] };
    const fresh = change((c) => c.forwards.push(connection("theirs")));
    const result = rebase(saved, draft, fresh, { ...options, origins: { "/forwards": [0] } });
    expect(result.conflicts.map((conflict) => conflict.path)).toEqual(["/forwards"]);
    expect(topLevelKey(result.conflicts[0]!.path)).toBe("forwards");
  });
});

describe("settling a conflict", () => {
  const conflicted = () => rebase(base(), change((c) => (c.mode = 1)), change((c) => (c.mode = 5)), options);

  test("keep mine: sent again, tested against the value on disk now", () => {
    const result = conflicted();
    const settled = resolveConflict({ base: result.base, draft: result.draft, origins: result.origins }, result.conflicts[0]!, "mine");
    expect(diffToJsonPatch(settled.base, settled.draft, options)).toEqual([
      { op: "test", path: "/mode", value: 5 },
      { op: "replace", path: "/mode", value: 1 },
    ]);
  });

  test("take theirs: nothing is sent for that field", () => {
    const result = conflicted();
    const settled = resolveConflict({ base: result.base, draft: result.draft, origins: result.origins }, result.conflicts[0]!, "theirs");
    expect(diffToJsonPatch(settled.base, settled.draft, options)).toEqual([]);
    expect((settled.draft as Config).mode).toBe(5);
  });
});
