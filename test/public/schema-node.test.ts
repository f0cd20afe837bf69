import { describe, expect, test } from "bun:test";
import { configJsonSchema } from "../../src/modules/config/model.ts";
import { choiceLabels, fieldKind, newValueFor, pointerLabel, schemaAt, type SchemaNode } from "../../public/lib/schema-node.ts";
import { unclaimedParts } from "../../public/lib/page-parts.ts";

const schema = configJsonSchema() as SchemaNode;

function everyField(node: SchemaNode, pointer = ""): [string, SchemaNode][] {
  const kind = fieldKind(node);
  const children: [string, SchemaNode][] =
    kind.kind === "object" ? Object.entries(kind.properties).flatMap(([key, child]) => everyField(child, `${pointer}/${key}`)) : [];
  if (kind.kind === "list") children.push(...everyField(kind.items, `${pointer}/0`));
  return [[pointer, node], ...children];
}

describe("schema-driven forms", () => {
  test("every field of tgcf's config gets a known input, with a title and a description", () => {
    for (const [pointer, node] of everyField(schema)) {
      expect({ pointer, kind: fieldKind(node).kind }).not.toEqual({ pointer, kind: "unknown" });
      if (!/\/\d+$/.test(pointer)) expect({ pointer, titled: !!node.title && !!node.description }).toEqual({ pointer, titled: true });
    }
  });

  test("chat ids, nullable numbers, enums and file-type lists get their own kinds", () => {
    expect(fieldKind(schemaAt(schema, "/forwards/0/source")!).kind).toBe("peer");
    expect(fieldKind(schemaAt(schema, "/forwards/0/end")!)).toMatchObject({ kind: "nullable", inner: { type: "integer" } });
    expect(fieldKind(schemaAt(schema, "/mode")!)).toEqual({ kind: "choice", values: [0, 1] });
    expect(fieldKind(schemaAt(schema, "/plugins/filter/files/blacklist")!).kind).toBe("choice-list");
    expect(fieldKind(schemaAt(schema, "/plugins/replace/text")!).kind).toBe("string-map");
  });

  test("enum labels come from the description, or from the value itself", () => {
    const mode = schemaAt(schema, "/mode")!;
    expect(choiceLabels(mode, [0, 1])).toEqual(["live", "past"]);
    expect(choiceLabels(schemaAt(schema, "/login/user_type")!, [0, 1])).toEqual(["bot account", "user account"]);
    expect(choiceLabels({}, ["top_left"])).toEqual(["top left"]);
  });

  test("a new connection starts from the schema's defaults", () => {
    expect(newValueFor(schemaAt(schema, "/forwards/0")!)).toEqual({ con_name: "", use_this: true, source: "", dest: [], offset: 0, end: 0 });
  });

  test("error paths read as the titles along them", () => {
    expect(pointerLabel(schema, "/forwards/0/dest/1")).toBe("Connections › 1 › Destinations › 2");
    expect(pointerLabel(schema, "/past/delay")).toBe("Past mode › Delay");
    expect(pointerLabel(schema, "")).toBe("Configuration");
  });

  test("every top-level part of tgcf's config has a page; a new one would go to Advanced", () => {
    expect(unclaimedParts(schema)).toEqual([]);
    expect(unclaimedParts({ properties: { ...schema.properties, new_feature: { type: "boolean" } } })).toEqual(["new_feature"]);
  });
});
