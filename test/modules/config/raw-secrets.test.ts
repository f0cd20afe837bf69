import { expect, test } from "bun:test";
import { redactRawSecrets } from "../../../src/modules/config/raw-secrets";

test("secret values are replaced in a damaged file's text, keeping the rest for repair", () => {
  const raw = '{"login": {"API_ID": 1, "API_HASH": "abc123", "BOT_TOKEN": "", "SESSION_STRING": "1BV\\"x"},\n "admins": [1,, ]}';
  const redacted = redactRawSecrets(raw)!;
  expect(redacted).toBe('{"login": {"API_ID": 1, "API_HASH": "********", "BOT_TOKEN": "", "SESSION_STRING": "********"},\n "admins": [1,, ]}');
});

test("a file cut off inside a secret does not leak its beginning", () => {
  expect(redactRawSecrets('{"login": {"SESSION_STRING": "1BVtsOKsecretsecret')).toBe('{"login": {"SESSION_STRING": "********');
});

test("a secret written without quotes is redacted too", () => {
  expect(redactRawSecrets('{"login": {"BOT_TOKEN": 123456:abcdef, "API_ID": 1}}')).toBe('{"login": {"BOT_TOKEN": "********", "API_ID": 1}}');
});

test("a secret key spelled with escapes makes the whole text unsafe to show", () => {
  expect(redactRawSecrets('{"login": {"API\\u005fHASH": "abc123"}, "x": }')).toBeNull();
  expect(redactRawSecrets('{"login": {"API_ID\\u0031": 1}, "x": }')).not.toBeNull();
});
