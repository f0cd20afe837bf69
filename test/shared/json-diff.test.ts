import { describe, expect, test } from "bun:test";
import { diffToJsonPatch, inferOrigins, validOrigins, type DiffOptions } from "../../src/shared/json-diff";
import { applyJsonPatch, JsonPatchError } from "../../src/shared/json-patch";

const connection = (name: string, offset = 0, dest: unknown[] = ["@out"]) => ({ con_name: name, use_this: true, source: `@${name}`, dest, offset, end: 0 });
const saved = () => ({
  mode: 0,
  admins: [1, 2],
  live: { delete_on_edit: ".deleteMe" },
  forwards: [connection("a", 10), connection("b", 20), connection("c", 30)],
  plugins: { filters: { check: true }, replace: { text: { x: "y", p: "q" } } },
});
const forwardsIdentity: DiffOptions = { identityKeys: (pointer) => (pointer === "/forwards" ? ["con_name", "source"] : []) };

/** The draft after `edit` of a copy of the saved config. */
function edited(edit: (draft: ReturnType<typeof saved>) => void) {
  const draft = structuredClone(saved());
  edit(draft);
  return draft;
}

function conflictPaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonPatchError) return error.problems.map((problem) => problem.path);
    throw error;
  }
  throw new Error("expected the patch to be refused");
}

describe("diffToJsonPatch: only what changed, each change guarded by tests of where it started", () => {
  test("equal documents give no operations", () => {
    expect(diffToJsonPatch(saved(), saved())).toEqual([]);
  });

  test("a leaf is tested then replaced; null is a value like any other", () => {
    const draft = edited((d) => {
      d.live.delete_on_edit = null as unknown as string;
      d.mode = 1;
    });
    expect(diffToJsonPatch(saved(), draft)).toEqual([
      { op: "test", path: "/mode", value: 0 },
      { op: "replace", path: "/mode", value: 1 },
      { op: "test", path: "/live/delete_on_edit", value: ".deleteMe" },
      { op: "replace", path: "/live/delete_on_edit", value: null },
    ]);
  });

  test("arrays of scalars are replaced whole after a test of the whole saved array", () => {
    const draft = edited((d) => d.forwards[1]!.dest.push("@more"));
    expect(diffToJsonPatch(saved(), draft, forwardsIdentity)).toEqual([
      { op: "test", path: "/forwards/1/con_name", value: "b" },
      { op: "test", path: "/forwards/1/source", value: "@b" },
      { op: "test", path: "/forwards/1/dest", value: ["@out"] },
      { op: "replace", path: "/forwards/1/dest", value: ["@out", "@more"] },
    ]);
  });

  test("an offset tgcf moved meanwhile is kept, and the edit lands", () => {
    const draft = edited((d) => (d.forwards[0]!.dest = ["@new"]));
    const onDisk = edited((d) => (d.forwards[0]!.offset = 999));
    const result = applyJsonPatch(onDisk, diffToJsonPatch(saved(), draft, forwardsIdentity)) as ReturnType<typeof saved>;
    expect(result.forwards[0]).toMatchObject({ dest: ["@new"], offset: 999 });
  });

  test("the same field changed on disk is refused at that field", () => {
    const draft = edited((d) => (d.forwards[0]!.dest = ["@mine"]));
    const onDisk = edited((d) => (d.forwards[0]!.dest = ["@theirs"]));
    expect(conflictPaths(() => applyJsonPatch(onDisk, diffToJsonPatch(saved(), draft, forwardsIdentity)))).toEqual(["/forwards/0/dest"]);
  });

  test("an edit never lands on another connection when the list changed on disk meanwhile", () => {
    const draft = edited((d) => (d.forwards[1]!.use_this = false));
    const onDisk = edited((d) => d.forwards.unshift(connection("new")));
    expect(conflictPaths(() => applyJsonPatch(onDisk, diffToJsonPatch(saved(), draft, forwardsIdentity)))).toEqual(["/forwards/1/con_name", "/forwards/1/source"]);
  });

  test("keys added and removed in objects; a map replaced whole when it is a leaf (its order matters)", () => {
    const draft = edited((d) => {
      delete (d.plugins as Record<string, unknown>).filters;
      d.plugins.replace.text = { p: "q", x: "y" };
      (d.live as Record<string, unknown>).extra = 1;
    });
    const options: DiffOptions = { isLeaf: (pointer) => pointer === "/plugins/replace/text" };
    expect(diffToJsonPatch(saved(), draft, options)).toEqual([
      { op: "add", path: "/live/extra", value: 1 },
      { op: "test", path: "/plugins/filters", value: { check: true } },
      { op: "remove", path: "/plugins/filters" },
    ]);
    const renamed = edited((d) => (d.plugins.replace.text = { x: "y", p: "z" }));
    expect(diffToJsonPatch(saved(), renamed, options)).toEqual([
      { op: "test", path: "/plugins/replace/text", value: { x: "y", p: "q" } },
      { op: "replace", path: "/plugins/replace/text", value: { x: "y", p: "z" } },
    ]);
  });
});

describe("connections added, removed and reordered", () => {
  const apply = (onDisk: unknown, draft: unknown, origins: (number | null)[]) =>
    applyJsonPatch(onDisk, diffToJsonPatch(saved(), draft, { ...forwardsIdentity, origins: { "/forwards": origins } })) as ReturnType<typeof saved>;

  test("remove, add, move and edit, with offsets tgcf moved meanwhile kept on every connection not edited", () => {
    const base = saved().forwards;
    const draft = edited((d) => (d.forwards = [{ ...base[2]!, dest: ["@c2"] }, connection("new"), base[0]!]));
    const onDisk = edited((d) => d.forwards.forEach((forward) => (forward.offset += 1)));
    const result = apply(onDisk, draft, [2, null, 0]);
    expect(result.forwards.map((forward) => [forward.con_name, forward.offset, forward.dest])).toEqual([
      ["c", 31, ["@c2"]],
      ["new", 0, ["@out"]],
      ["a", 11, ["@out"]],
    ]);
  });

  test("removing a connection that was renamed on disk meanwhile is refused", () => {
    const draft = edited((d) => d.forwards.splice(1, 1));
    const onDisk = edited((d) => (d.forwards[1]!.con_name = "renamed"));
    expect(conflictPaths(() => apply(onDisk, draft, [0, 2]))).toEqual(["/forwards/1/con_name"]);
  });

  test("a duplicate is added whole, the original untouched", () => {
    const base = saved().forwards;
    const draft = edited((d) => d.forwards.splice(1, 0, { ...structuredClone(base[0]!), con_name: "a (copy)" }));
    const operations = diffToJsonPatch(saved(), draft, { ...forwardsIdentity, origins: { "/forwards": [0, null, 1, 2] } });
    expect(operations).toEqual([{ op: "add", path: "/forwards/1", value: { ...base[0]!, con_name: "a (copy)" } }]);
  });

  test("without recorded origins, elements are matched: unchanged ones, then by identity, then by position", () => {
    const base = saved().forwards;
    expect(inferOrigins(base, [base[2]!, { ...base[0]!, dest: [] }], ["con_name", "source"])).toEqual([2, 0]);
    expect(inferOrigins(base, [{ ...base[1]!, con_name: "renamed", source: 5 }], ["con_name"])).toEqual([0]);
    expect(validOrigins([0, 0], 2, 2)).toBeNull();
    expect(validOrigins([1, null], 2, 2)).toEqual([1, null]);
  });
});
