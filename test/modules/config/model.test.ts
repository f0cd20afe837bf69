import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configJsonSchema, defaultConfig, TgcfConfigSchema } from "../../../src/modules/config/model";

const FIXTURES = join(import.meta.dir, "../../fixtures/tgcf");
const readFixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));

type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; items?: Schema };

/** tgcf's pydantic schema with `$ref` and single-entry `allOf` resolved in place. */
function resolveTgcf(schema: Schema, definitions: Record<string, Schema>): Schema {
  const ref = (schema.allOf as Schema[] | undefined)?.[0]?.$ref ?? schema.$ref;
  if (typeof ref !== "string") return schema;
  const target = definitions[ref.replace("#/definitions/", "")];
  if (!target) throw new Error(`unknown ref ${ref}`);
  return { ...target, ...schema, properties: target.properties, enum: target.enum, type: target.type };
}

/** Every property of a schema (recursing into objects and array items), as [path, schema]. */
function propertyPaths(schema: Schema, resolve: (s: Schema) => Schema, prefix = ""): Array<[string, Schema]> {
  const found: Array<[string, Schema]> = [];
  for (const [key, raw] of Object.entries(resolve(schema).properties ?? {})) {
    const property = resolve(raw);
    const path = `${prefix}/${key}`;
    found.push([path, property]);
    found.push(...propertyPaths(property, resolve, path));
    if (property.items) found.push(...propertyPaths(resolve(property.items), resolve, `${path}/*`));
  }
  return found;
}

describe("tgcf model", () => {
  test("defaultConfig() equals the default config tgcf writes", () => {
    expect(defaultConfig()).toEqual(readFixture("default-config.json"));
  });

  test("defaultConfig() returns a fresh object every call", () => {
    const first = defaultConfig();
    first.login.API_ID = 42;
    first.admins.push("@someone");
    expect(defaultConfig().login.API_ID).toBe(0);
    expect(defaultConfig().admins).toEqual([]);
  });

  test("every property in tgcf's JSON Schema exists in ours with the same default", () => {
    const tgcfSchema = readFixture("config-schema.json") as Schema;
    const definitions = tgcfSchema.definitions as Record<string, Schema>;
    const ours = new Map(propertyPaths(configJsonSchema() as Schema, (s) => s));
    const theirs = propertyPaths(tgcfSchema, (s) => resolveTgcf(s, definitions));
    expect(theirs.length).toBeGreaterThan(50);
    for (const [path, property] of theirs) {
      expect({ path, exists: ours.has(path) }).toEqual({ path, exists: true });
      if ("default" in property) expect({ path, default: ours.get(path)?.default }).toEqual({ path, default: property.default });
    }
  });

  test("enumerations are tgcf's Style, Position and FileType, in tgcf's order", () => {
    const definitions = readFixture("config-schema.json").definitions;
    const plugins = TgcfConfigSchema.properties.plugins.properties;
    expect(plugins.fmt.properties.style.enum).toEqual(definitions.Style.enum);
    expect(plugins.mark.properties.position.enum).toEqual(definitions.Position.enum);
    expect(plugins.filter.properties.files.properties.whitelist.items.enum).toEqual(definitions.FileType.enum);
  });

  test("mode and user_type are 0 or 1 and describe each value", () => {
    const schema = configJsonSchema() as Schema & { properties: Record<string, Schema> };
    const login = schema.properties.login as Schema & { properties: Record<string, Schema> };
    for (const field of [schema.properties.mode, login.properties.user_type]) {
      expect(field?.enum).toEqual([0, 1]);
      expect(field?.description).toMatch(/0 = .*1 = /);
    }
  });

  test("past.delay is an integer from 0 to 100", () => {
    expect(TgcfConfigSchema.properties.past.properties.delay).toMatchObject({ type: "integer", minimum: 0, maximum: 100 });
  });

  test("every field has a title and a description for forms", () => {
    const missing = propertyPaths(configJsonSchema() as Schema, (s) => s).filter(
      ([, property]) => typeof property.title !== "string" || typeof property.description !== "string",
    );
    expect(missing.map(([path]) => path)).toEqual([]);
  });

  test("every object allows unknown keys", () => {
    const closed = propertyPaths(configJsonSchema() as Schema, (s) => s).filter(
      ([, property]) => property.type === "object" && property.additionalProperties === false,
    );
    expect(closed).toEqual([]);
    expect(configJsonSchema().additionalProperties).toBe(true);
  });

  test("configJsonSchema() is plain JSON without TypeBox symbols", () => {
    const schema = configJsonSchema();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    const withSymbols: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (node === null || typeof node !== "object") return;
      if (Object.getOwnPropertySymbols(node).length > 0) withSymbols.push(path);
      for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`);
    };
    visit(schema, "");
    expect(withSymbols).toEqual([]);
  });
});
