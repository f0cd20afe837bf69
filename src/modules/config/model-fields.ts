// Small builders for the tgcf model: every field carries its default, a title and a description for forms.
import { Type as t, type TProperties, type TSchema } from "@sinclair/typebox";

/** What a person filling a form reads about a field. */
export interface FieldText {
  title: string;
  description: string;
}

/**
 * An object whose unknown keys are kept (`additionalProperties: true`), with a `default` computed
 * from its properties' defaults, as pydantic's schema shows for nested models.
 */
export function objectSchema<P extends TProperties>(properties: P, text: FieldText) {
  return t.Object(properties, { ...text, additionalProperties: true, default: defaultsOf(properties) });
}

function defaultsOf(properties: TProperties): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) {
    if (!("default" in schema)) throw new Error(`tgcf model field "${key}" has no default`);
    defaults[key] = structuredClone(schema.default);
  }
  return defaults;
}

export function integerField(defaultValue: number, text: FieldText, range: { minimum?: number; maximum?: number } = {}) {
  return t.Integer({ ...text, ...range, default: defaultValue });
}

export function textField(defaultValue: string, text: FieldText) {
  return t.String({ ...text, default: defaultValue });
}

export function flagField(defaultValue: boolean, text: FieldText) {
  return t.Boolean({ ...text, default: defaultValue });
}

export function listField<T extends TSchema>(items: T, text: FieldText) {
  return t.Array(items, { ...text, default: [] });
}

/** A string enumeration, written as JSON Schema `enum` like tgcf's own schema. */
export function choiceField<const V extends readonly string[]>(values: V, defaultValue: V[number], text: FieldText) {
  return t.Unsafe<V[number]>({ ...text, type: "string", enum: [...values], default: defaultValue });
}

/** An integer enumeration; the description says what each value means. */
export function integerChoiceField<const V extends readonly number[]>(values: V, defaultValue: V[number], text: FieldText) {
  return t.Unsafe<V[number]>({ ...text, type: "integer", enum: [...values], default: defaultValue });
}

/** A string enumeration without a default, for list items. */
export function choiceItem<const V extends readonly string[]>(values: V, text: FieldText) {
  return t.Unsafe<V[number]>({ ...text, type: "string", enum: [...values] });
}

/** A chat or user: tgcf's `Union[int, str]` (numeric id, @username, phone or link). */
export function peerSchema(text: FieldText, defaultValue?: string | number) {
  const options = defaultValue === undefined ? text : { ...text, default: defaultValue };
  return t.Union([t.Integer(), t.String()], options);
}

/** tgcf's `Optional[...]` fields: null is a legal value distinct from the default. */
export function nullableField<T extends TSchema>(inner: T, defaultValue: unknown, text: FieldText) {
  return t.Union([inner, t.Null()], { ...text, default: defaultValue });
}

/** `Dict[str, str]`: any keys, string values, in the order given. */
export function stringMapField(text: FieldText) {
  return t.Unsafe<Record<string, string>>({ ...text, type: "object", additionalProperties: { type: "string" }, default: {} });
}
