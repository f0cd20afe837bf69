// The yaml package, loaded at the first YAML request rather than at start: it is the largest module the server needs (about 15 ms).
let yamlModule: typeof import("yaml") | null = null;

export function yaml(): typeof import("yaml") {
  return (yamlModule ??= require("yaml") as typeof import("yaml"));
}
