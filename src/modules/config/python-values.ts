// How Python turns text into integers (`int(s)`) and numbers into text (`str(x)`), as tgcf's pydantic does.

/** Python refuses longer digit strings (pydantic v1 checks the same limit). */
export const PYTHON_MAX_INT_DIGITS = 4300;

// The characters str.isspace() accepts; int() strips them from both ends.
const PYTHON_WHITESPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu;
// Sign, then decimal digits (any script) with single underscores between them.
const PYTHON_INT_LITERAL = /^([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The integer Python's `int(text)` gives, or undefined where Python raises ValueError.
 * Results beyond JavaScript's safe integers are returned as bigint so callers can decide.
 */
export function parsePythonInt(text: string): bigint | undefined {
  if (text.length > PYTHON_MAX_INT_DIGITS) return undefined;
  const match = PYTHON_INT_LITERAL.exec(text.replace(PYTHON_WHITESPACE, ""));
  if (!match) return undefined;
  const [, sign, digits = ""] = match;
  let asciiDigits = "";
  for (const char of digits) if (char !== "_") asciiDigits += decimalValue(char);
  const magnitude = BigInt(asciiDigits);
  return sign === "-" ? -magnitude : magnitude;
}

// Unicode lays out every decimal digit set as consecutive runs 0..9, so a digit's value is its
// distance from the start of its run, modulo 10.
function decimalValue(char: string): number {
  let codePoint = char.codePointAt(0) ?? 0;
  let distance = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - 1))) {
    codePoint -= 1;
    distance += 1;
  }
  return distance % 10;
}

/** Python's `str(True)` / `str(False)`. */
export function pythonBoolText(value: boolean): string {
  return value ? "True" : "False";
}

/**
 * Python's `str()` of a number read from JSON. JSON.parse loses the difference between `1` and `1.0`,
 * so integral values are written as Python ints ("1") and the others as Python floats ("0.5", "1e-05").
 */
export function pythonNumberText(value: number): string {
  if (Number.isInteger(value) && Number.isSafeInteger(value)) return String(value);
  return pythonFloatRepr(value);
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? "-" : "+";
    return `${sign}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fractionPart = digits.slice(exponent + 1) || "0";
  return `${sign}${integerPart}.${fractionPart}`;
}
