// Whether a token someone chose is hard enough to guess: long, varied, and not a repeated pattern.

export const MIN_TOKEN_LENGTH = 20;
export const MIN_TOKEN_DISTINCT_CHARACTERS = 8;
/** Shannon's estimate over the token's own characters: a rough floor, which generated tokens pass by far (about 190). */
export const MIN_TOKEN_ESTIMATED_BITS = 64;
const ADVICE = "use a random one, e.g. from `openssl rand -base64 32`, or leave it unset to have one generated";

/** Why the token is too weak, or null when it is fine. */
export function tokenWeakness(token: string): string | null {
  if (/\s/.test(token)) return `a token may not contain spaces: ${ADVICE}`;
  if (token.length < MIN_TOKEN_LENGTH) return `a token needs at least ${MIN_TOKEN_LENGTH} characters: ${ADVICE}`;
  const counts = new Map<string, number>();
  for (const character of token) counts.set(character, (counts.get(character) ?? 0) + 1);
  if (counts.size < MIN_TOKEN_DISTINCT_CHARACTERS) {
    return `a token needs at least ${MIN_TOKEN_DISTINCT_CHARACTERS} different characters: ${ADVICE}`;
  }
  let bitsPerCharacter = 0;
  for (const count of counts.values()) bitsPerCharacter -= (count / token.length) * Math.log2(count / token.length);
  if (bitsPerCharacter * token.length < MIN_TOKEN_ESTIMATED_BITS) return `the token is too predictable: ${ADVICE}`;
  return null;
}
