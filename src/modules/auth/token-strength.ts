// Whether a token someone chose is hard to guess: it is compared in constant time and wrong guesses are throttled, but
// a right guess is never throttled (so nobody can lock the owner out), so guessing must be hopeless by the token alone.

export const MIN_TOKEN_LENGTH = 20;
/** Estimated bits a chosen token needs; a generated one (32 random bytes) has about 250 by the same estimate. */
export const MIN_TOKEN_ESTIMATED_BITS = 100;
const ADVICE = "use a random one, e.g. from `openssl rand -base64 32`, or leave it unset to have one generated";
/** Keyboard rows: "qwerty" or "asdf" is as easy to guess as "abcd". */
const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
/** A stretch seen before, at least this long, counts as one character (Password123Password1). */
const MIN_REPEAT = 3;

/** Why the token is too weak, or null when it is fine. */
export function tokenWeakness(token: string): string | null {
  if (/\s/.test(token)) return `a token may not contain spaces: ${ADVICE}`;
  if (token.length < MIN_TOKEN_LENGTH) return `a token needs at least ${MIN_TOKEN_LENGTH} characters: ${ADVICE}`;
  if (estimatedBits(token) < MIN_TOKEN_ESTIMATED_BITS) return `the token is too easy to guess (a pattern, a sequence or a repeat): ${ADVICE}`;
  return null;
}

/** The characters that carry surprise (runs, keyboard walks and repeats count once) × the bits of the alphabet used. */
export function estimatedBits(token: string): number {
  return effectiveLength(token) * Math.log2(alphabetSize(token));
}

function alphabetSize(token: string): number {
  let size = 0;
  if (/[a-z]/.test(token)) size += 26;
  if (/[A-Z]/.test(token)) size += 26;
  if (/[0-9]/.test(token)) size += 10;
  if (/[^a-zA-Z0-9]/.test(token)) size += 33;
  return size;
}

function effectiveLength(token: string): number {
  const lower = token.toLowerCase();
  let length = 0;
  for (let index = 0; index < lower.length; ) {
    const repeat = repeatedStretchAt(lower, index);
    if (repeat > 0) {
      length++;
      index += repeat;
      continue;
    }
    if (index === 0 || !continuesRun(lower[index - 1]!, lower[index]!)) length++;
    index++;
  }
  return length;
}

/** Length of the longest stretch starting at `index` that already occurred before it (0 when none of MIN_REPEAT). */
function repeatedStretchAt(text: string, index: number): number {
  let best = 0;
  for (let length = MIN_REPEAT; index + length <= text.length; length++) {
    if (text.slice(0, index).includes(text.slice(index, index + length))) best = length;
    else break;
  }
  return best;
}

function continuesRun(previous: string, current: string): boolean {
  if (previous === current) return true;
  const step = current.charCodeAt(0) - previous.charCodeAt(0);
  if (/[a-z0-9]/.test(previous) && /[a-z0-9]/.test(current) && Math.abs(step) === 1) return true;
  return KEYBOARD_ROWS.some((row) => {
    const at = row.indexOf(previous);
    return at !== -1 && (row[at + 1] === current || row[at - 1] === current);
  });
}
