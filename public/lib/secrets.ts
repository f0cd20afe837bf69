// Secrets of the config: the server never sends them, only whether they are set.
import { getAt, parsePointer } from "./json-pointer.ts";

/** What the server sends instead of a secret that is set; sending it back keeps the stored value. */
export const SECRET_PLACEHOLDER = "********";

export const SECRET_POINTERS: readonly string[] = [
  "/login/API_HASH",
  "/login/SESSION_STRING",
  "/login/BOT_TOKEN",
  "/plugins/sender/BOT_TOKEN",
  "/plugins/sender/SESSION_STRING",
];

export function isSecretPointer(pointer: string): boolean {
  return SECRET_POINTERS.includes(pointer);
}

/** A copy of a merge patch without any secret the user typed (for storage outside memory). */
export function withoutSecrets(patch: unknown): unknown {
  if (patch === null || typeof patch !== "object") return patch;
  const copy = structuredClone(patch) as Record<string, unknown>;
  for (const pointer of SECRET_POINTERS) {
    const segments = parsePointer(pointer);
    const key = segments.pop()!;
    const parent = getAt(copy, segments.length ? "/" + segments.join("/") : "");
    if (parent !== null && typeof parent === "object") delete (parent as Record<string, unknown>)[key];
  }
  return copy;
}
