import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactRawSecrets, SECRET_KEYS } from "../../../src/modules/config/raw-secrets";
import { SECRET_PATHS, SECRET_PLACEHOLDER } from "../../../src/modules/config/secrets";
import { startTestServer, type TestServer } from "../../helpers/server";
import { DocumentFuzzer, seededRandom, type DamagedDocument } from "./raw-documents";

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

describe("any syntax", () => {
  test("every secret key from SECRET_PATHS is hidden in JSON, a Python dict and YAML", () => {
    for (const key of SECRET_KEYS) {
      expect(redactRawSecrets(`{"x": {"${key}": "s3cr3t-value"}, "y": 1,}`)).toBe(`{"x": {"${key}": "${SECRET_PLACEHOLDER}"}, "y": 1,}`);
      expect(redactRawSecrets(`{'x': {'${key}': 's3cr3t-value', 'y': None}`)).toBe(`{'x': {'${key}': '${SECRET_PLACEHOLDER}', 'y': None}`);
      expect(redactRawSecrets(`x:\n  ${key}: s3cr3t-value\n  y: [1\n`)).toBe(`x:\n  ${key}: "${SECRET_PLACEHOLDER}"\n  y: [1\n`);
    }
  });

  test("YAML: plain, quoted, block scalars, sequences and commas in plain values", () => {
    const raw = [
      "login:",
      "  API_HASH: abc,def secret",
      '  BOT_TOKEN: "123:abc"',
      "  SESSION_STRING: |",
      "    first-line-secret",
      "    second-line-secret",
      "plugins:",
      "  sender:",
      "    SESSION_STRING:",
      "    - item-one-secret",
      "    - item-two-secret",
      "    BOT_TOKEN: plain",
      "      continued-secret",
      "    check: yes",
      "admins: [1, 2",
    ].join("\n");
    expect(redactRawSecrets(raw)).toBe(
      ["login:", '  API_HASH: "********"', '  BOT_TOKEN: "********"', '  SESSION_STRING: "********"', "plugins:", "  sender:", '    SESSION_STRING: "********"', '    BOT_TOKEN: "********"', "    check: yes", "admins: [1, 2"].join("\n"),
    );
  });

  test("unquoted keys, any letter case, arrays, nested objects and multi-line strings as values", () => {
    expect(redactRawSecrets("{login: {api_hash: abc123secret, Bot_Token: [a-secret, 'b-secret'], API_ID: 1}}")).toBe('{login: {api_hash: "********", Bot_Token: "********", API_ID: 1}}');
    expect(redactRawSecrets('{"SESSION_STRING": {"a": ["x", {"b": "deep-secret"}]}, "theme": "dark"')).toBe('{"SESSION_STRING": "********", "theme": "dark"');
    expect(redactRawSecrets("{'SESSION_STRING': '''first\nsecond-secret''', 'BOT_TOKEN': 'split' 'secret',}")).toBe("{'SESSION_STRING': '********', 'BOT_TOKEN': '********',}");
    expect(redactRawSecrets('{"SESSION_STRING": ["a-secret", "b-sec')).toBe('{"SESSION_STRING": "********');
    expect(redactRawSecrets("[login]\r\nAPI_HASH = abc123secret\r\nAPI_ID = 1\r\n")).toBe('[login]\r\nAPI_HASH = "********"\r\nAPI_ID = 1\r\n');
  });

  test("the raw text is withheld when a secret cannot be told apart from the text around it", () => {
    const unsafe = [
      '{"login": {"API_HASH" "abc123secret"}}', // the ":" is missing
      '{"notes": "my API_HASH is abc123secret"}', // the name inside other text
      "{login: {BOT_TOKEN123456:abcdef, API_ID: 1}}", // a lost ":" glued the secret to its key
      "x: &hash abc123secret\nlogin:\n  API_HASH: *hash\n", // a YAML alias: the secret sits under another key
      '{"login": {"API_HASH": , "x": "abc123secret"}}', // nothing readable after ":"
      '{"login": {"API_HASH":#]abc123secret, "x": 1}}', // only punctuation before a bracket
      '{"login": {"SESSION_STRING": x\n "BOT_TOKEN":} "123:abc123secret"}', // a value that swallowed another secret's key
      "{'login': {'API\\x5fHASH': 'abc123secret'}}", // Python escapes
      "{'login': {'API\\137HASH': 'abc123secret'}}",
      "{'login': {'API\\N{LOW LINE}HASH': 'abc123secret'}}",
      "{'login': {'API_' 'HASH': 'abc123secret'}}", // Python joins strings side by side
      'login:\n  "API_\\\n  HASH": abc123secret\n', // YAML line continuation
    ];
    for (const raw of unsafe) expect([raw, redactRawSecrets(raw)]).toEqual([raw, null]);
  });
});

/** Reproducible: change the seed to explore, keep it fixed in the suite. */
const FUZZ_SEED = 0x5ec2e75;
const FUZZ_CASES = 3_000;
/** No run of this many characters of a secret may survive. */
const LEAK_WINDOW = 8;

function leakedSecrets(output: string, secrets: readonly string[]): string[] {
  const windows = new Set<string>();
  for (let index = 0; index + LEAK_WINDOW <= output.length; index++) windows.add(output.slice(index, index + LEAK_WINDOW));
  return secrets.filter((secret) => {
    for (let index = 0; index + LEAK_WINDOW <= secret.length; index++) if (windows.has(secret.slice(index, index + LEAK_WINDOW))) return true;
    return false;
  });
}

test(`fuzz: ${FUZZ_CASES} damaged files in many syntaxes never show ${LEAK_WINDOW} characters of a secret`, () => {
  const fuzzer = new DocumentFuzzer(seededRandom(FUZZ_SEED));
  const leaks: Array<{ index: number; document: DamagedDocument; output: string; leaked: string[] }> = [];
  const pristineWithheld: DamagedDocument[] = [];
  const keysSeen = new Set<string>();
  let shown = 0;
  for (let index = 0; index < FUZZ_CASES; index++) {
    const document = fuzzer.document();
    for (const key of SECRET_KEYS) if (document.text.includes(key)) keysSeen.add(key);
    const output = redactRawSecrets(document.text);
    if (output === null) {
      if (document.pristine) pristineWithheld.push(document);
      continue;
    }
    shown++;
    const leaked = leakedSecrets(output, document.secrets);
    if (leaked.length > 0) leaks.push({ index, document, output, leaked });
  }
  expect(leaks.slice(0, 3)).toEqual([]);
  // Redaction must stay useful: a file written plainly is always shown, and most damaged ones are.
  expect(pristineWithheld.slice(0, 3)).toEqual([]);
  expect(shown / FUZZ_CASES).toBeGreaterThan(0.7);
  expect([...keysSeen].sort()).toEqual([...new Set(SECRET_PATHS.map((path) => path.at(-1)!))].sort());
});

describe("over HTTP", () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  async function damagedFileResponse(raw: string): Promise<{ status: number; raw: string | null; errors: unknown[]; rawWithheld?: string }> {
    const server = await startTestServer();
    servers.push(server);
    writeFileSync(join(server.dataDir, "tgcf.config.json"), raw);
    const response = await server.api("/api/config");
    const body = (await response.json()) as { details: { raw: string | null; errors: unknown[]; rawWithheld?: string } };
    return { status: response.status, ...body.details };
  }

  test("GET on a file written as a Python dict answers 422 with its text, secrets hidden", async () => {
    const raw = "{'login': {'API_ID': 1, 'API_HASH': 'abc123secret', 'BOT_TOKEN': '123:bot-secret'}, 'plugins': {'sender': {'SESSION_STRING': ['1BV-secret', 'x']}}}\n";
    const response = await damagedFileResponse(raw);
    expect(response.status).toBe(422);
    expect(response.errors.length).toBeGreaterThan(0);
    expect(response.raw).toBe("{'login': {'API_ID': 1, 'API_HASH': '********', 'BOT_TOKEN': '********'}, 'plugins': {'sender': {'SESSION_STRING': \"********\"}}}\n");
  });

  test("GET on a file whose secret key is spelled with an escape answers 422 with raw withheld", async () => {
    const response = await damagedFileResponse("{'login': {'BOT\\x5fTOKEN': '123:bot-secret'}}");
    expect(response.status).toBe(422);
    expect(response.errors.length).toBeGreaterThan(0);
    expect(response.raw).toBeNull();
    expect(response.rawWithheld).toMatch(/not shown.*restore a backup/);
  });
});

test("a secret section written as anything but an object withholds the raw text (found by attacking)", () => {
  for (const raw of ['{"login": "SECRET-BOT-456", "mode": }', '{"plugins": {"sender": ["SECRET-SESSION"]}, x', "{'login': 12345}x", "login: SECRET-IN-YAML\n:"]) {
    expect(redactRawSecrets(raw), raw).toBeNull();
  }
  expect(redactRawSecrets('{"login": {"API_ID": 1}, "mode": }')).toBe('{"login": {"API_ID": 1}, "mode": }');
});
