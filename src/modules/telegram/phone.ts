// What a person types as a phone number or a login code, cleaned up before it goes to Telegram.
import { ApiError } from "../../utils/api-error";

/** E.164 allows at most 15 digits; no country code plus number is shorter than 7. */
const PHONE_DIGITS = /^\d{7,15}$/;
/** Telegram's codes are 5 or 6 digits today; a little room either way. */
const CODE_DIGITS = /^\d{4,8}$/;
/** Spaces, dashes, dots and parentheses people write numbers with. */
const PUNCTUATION = /[\s\-.()]/g;

/** "+44 (7700) 900-123" → "+447700900123"; a leading 00 counts as +. 422 at /phone otherwise. */
export function normalizePhone(input: string): string {
  const compact = input.replace(PUNCTUATION, "");
  const digits = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : compact;
  if (!PHONE_DIGITS.test(digits)) {
    const message = "enter the phone number with its country code, e.g. +447700900123";
    throw new ApiError(422, `not a phone number: ${message}`, [{ path: "/phone", message }]);
  }
  return `+${digits}`;
}

/** "12 345" → "12345". 422 at /code unless 4 to 8 digits remain. */
export function normalizeCode(input: string): string {
  const code = input.replace(PUNCTUATION, "");
  if (!CODE_DIGITS.test(code)) {
    const message = "the code is the 4 to 8 digits Telegram sent you";
    throw new ApiError(422, `not a login code: ${message}`, [{ path: "/code", message }]);
  }
  return code;
}
