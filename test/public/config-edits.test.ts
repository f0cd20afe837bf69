import { describe, expect, test } from "bun:test";
import { configJsonSchema, defaultConfig } from "../../src/modules/config/model";
import { putAt } from "../../public/lib/document-edit.ts";
import { configPatchOptions } from "../../public/lib/patch-policy.ts";
import type { SchemaNode } from "../../public/lib/schema-node.ts";
import { SECRET_PLACEHOLDER } from "../../public/lib/secrets.ts";
import { pendingFromStorage, storedEditsOf } from "../../public/lib/stored-edits.ts";
import { describeValue } from "../../public/lib/value-text.ts";
import { isShownAtField, placeWarnings } from "../../public/lib/warning-placement.ts";
import type { ConfigWarning } from "../../public/api/types.ts";

const schema = configJsonSchema() as unknown as SchemaNode;
const config = () => ({ ...(defaultConfig() as unknown as Record<string, unknown>), forwards: [{ con_name: "a", source: 1, dest: [2], offset: 0, end: 0 }] });
const warning = (path: string, kind: ConfigWarning["kind"] = "unknown-key"): ConfigWarning => ({ path, kind, message: `about ${path}` });

describe("where warnings show", () => {
  test("at a field the page draws; keys tgcf does not know, whole sections and hidden fields in the page's list", () => {
    expect(isShownAtField(schema, "/past/delay", config())).toBe(true);
    expect(isShownAtField(schema, "/forwards/0/end", config())).toBe(true);
    expect(isShownAtField(schema, "/plugins/filters", config())).toBe(false);
    expect(isShownAtField(schema, "/plugins/caption", config())).toBe(false);
    expect(isShownAtField(schema, "/plugins/replace/text_raw", config())).toBe(false);
    expect(isShownAtField(schema, "/login/SESSION_STRING", config())).toBe(false); // a bot account: the field is not shown
  });

  test("each warning goes to the page of its part; parts no page edits go to Advanced", () => {
    const warnings = [warning("/plugins/filters"), warning("/plugins/mark/check", "plugin"), warning("/forwrds"), warning("/past/delay", "adjusted")];
    expect(placeWarnings(warnings, ["plugins"], schema, config())).toEqual({ listed: [warnings[0]!], atFields: [warnings[1]!] });
    expect(placeWarnings(warnings, ["bot_messages"], schema, config())).toEqual({ listed: [warnings[2]!], atFields: [] });
    expect(placeWarnings(warnings, ["mode", "live", "past", "show_forwarded_from"], schema, config())).toEqual({ listed: [], atFields: [warnings[3]!] });
  });
});

describe("how edits become operations", () => {
  test("connections are told apart by name and source; maps of replacements are replaced whole", () => {
    const options = configPatchOptions(schema, {});
    expect(options.identityKeys?.("/forwards")).toEqual(["con_name", "source"]);
    expect(options.identityKeys?.("/admins")).toEqual([]);
    expect(options.isLeaf?.("/plugins/replace/text")).toBe(true);
    expect(options.isLeaf?.("/plugins/replace")).toBe(false);
    expect(options.isLeaf?.("/plugins/filters")).toBe(false);
  });

  test("putAt removes with undefined and copies on write", () => {
    const document: Record<string, any> = { a: { b: 1, c: 2 }, list: [1, 2, 3] };
    expect(putAt(document, "/a/b", undefined)).toEqual({ a: { c: 2 }, list: [1, 2, 3] });
    expect(putAt(document, "/list/1", undefined)).toEqual({ a: { b: 1, c: 2 }, list: [1, 3] });
    expect(putAt(document, "/a/missing", undefined)).toBe(document);
    expect(document.a.b).toBe(1);
  });
});

describe("unsaved edits kept across a reload", () => {
  test("only the changed parts, without a typed secret, and back on top of a newer config", () => {
    const saved = { ...config(), login: { API_ID: 1, API_HASH: SECRET_PLACEHOLDER } };
    const draft = { ...saved, mode: 1, login: { API_ID: 2, API_HASH: "typed-secret" } };
    const stored = storedEditsOf(saved, draft, { "/forwards": [0] })!;
    expect(JSON.stringify(stored)).not.toContain("typed-secret");
    expect(Object.keys(stored.draft).sort()).toEqual(["login", "mode"]);
    expect(stored.origins).toEqual({});
    const fresh = { ...saved, admins: [5] };
    const pending = pendingFromStorage(JSON.parse(JSON.stringify(stored)), fresh)!;
    expect(pending.draft).toMatchObject({ mode: 1, admins: [5], login: { API_ID: 2, API_HASH: SECRET_PLACEHOLDER } });
    expect(pending.base).toMatchObject({ mode: 0, admins: [5] });
    expect(storedEditsOf(saved, saved, {})).toBeUndefined();
  });

  test("a merge patch stored by an earlier version is still replayed", () => {
    expect(pendingFromStorage({ mode: 1 }, config())!.draft).toMatchObject({ mode: 1 });
  });
});

describe("values in a comparison", () => {
  test("null, empty text, lists and secrets read plainly, and a typed secret is never shown", () => {
    expect(describeValue(null, "/live/delete_on_edit", "Off")).toBe("Off");
    expect(describeValue("", "/live/delete_on_edit")).toBe('empty text ("")');
    expect(describeValue(["@a", -100], "/forwards/0/dest")).toBe("2 entries: @a, -100");
    expect(describeValue([{ con_name: "news" }], "/forwards")).toBe("1 entry: news");
    expect(describeValue("hunter2", "/login/API_HASH")).toBe("a new value (hidden)");
    expect(describeValue(undefined, "/plugins/x")).toBe("not there");
  });
});
