// DOM ids of form fields, derived from their JSON pointer so an error's path can focus its field.

/**
 * The id of the input for `pointer` ("/forwards/0/source" → "field-forwards-0-source").
 * Letters, digits and _ stay, / becomes -, anything else becomes .hex. so no two pointers share an id.
 */
export function fieldId(pointer: string): string {
  return "field" + pointer.replace(/[^A-Za-z0-9_]/g, (char) => (char === "/" ? "-" : `.${char.charCodeAt(0).toString(16)}.`));
}
