import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { preflight } from "../../../src/modules/process/preflight";

const defaultConfig = JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "fixtures", "tgcf", "default-config.json"), "utf8"));
const connection = { con_name: "news", use_this: true, source: -1001, dest: [-1002] };
const botLogin = { API_ID: 12345, API_HASH: "0123abcd", user_type: 0, BOT_TOKEN: "123:abc", SESSION_STRING: "" };
const userLogin = { API_ID: "12345", API_HASH: "0123abcd", user_type: 1, BOT_TOKEN: "", SESSION_STRING: "1BVts..." };
const paths = (findings: Array<{ path: string }>) => findings.map((finding) => finding.path);

describe("preflight: what tgcf would do at start", () => {
  test("a complete bot config in live mode has no problems and no warnings", () => {
    expect(preflight({ ...defaultConfig, login: botLogin, forwards: [connection] }, "live")).toEqual({ problems: [], warnings: [] });
  });

  test("a complete user config has no problems in past mode (API_ID as text, as tgcf accepts)", () => {
    expect(preflight({ ...defaultConfig, login: userLogin, forwards: [connection] }, "past").problems).toEqual([]);
  });

  test("tgcf's default config: every problem at once, each at its field; no connection is only a warning", () => {
    const { problems, warnings } = preflight(defaultConfig, "live");
    expect(paths(problems)).toEqual(["/login/API_ID", "/login/API_HASH", "/login/BOT_TOKEN"]);
    expect(problems[0]!.message).toContain("Telegram account page");
    expect(paths(warnings)).toEqual(["/forwards"]);
    expect(warnings[0]!.message).toMatch(/\/forward/);
  });

  test("a user account without a session string is named as such", () => {
    expect(paths(preflight({ login: { ...userLogin, SESSION_STRING: " " }, forwards: [connection] }, "live").problems)).toEqual(["/login/SESSION_STRING"]);
  });

  test("an account type tgcf does not know is refused (tgcf says 'Login information not set!')", () => {
    expect(paths(preflight({ login: { ...botLogin, user_type: 2 }, forwards: [connection] }, "live").problems)).toEqual(["/login/user_type"]);
  });

  test("past mode with a bot account is refused: only users may read history", () => {
    const { problems } = preflight({ login: botLogin, forwards: [connection] }, "past");
    expect(paths(problems)).toEqual(["/login/user_type"]);
    expect(problems[0]!.message).toMatch(/^past mode needs a user account/);
  });

  test("the sender plugin switched on without the credentials of its account type is refused", () => {
    const base = { login: botLogin, forwards: [connection] };
    const sender = (value: Record<string, unknown>) => preflight({ ...base, plugins: { sender: { check: true, ...value } } }, "live").problems;
    expect(paths(sender({ user_type: 0, BOT_TOKEN: "" }))).toEqual(["/plugins/sender/BOT_TOKEN"]);
    expect(paths(sender({ user_type: 1, SESSION_STRING: "", BOT_TOKEN: "1:x" }))).toEqual(["/plugins/sender/SESSION_STRING"]);
    expect(sender({ user_type: 0, BOT_TOKEN: "1:x" })).toEqual([]);
    expect(sender({ user_type: 1, SESSION_STRING: "1BV" })).toEqual([]);
    expect(preflight({ ...base, plugins: { sender: { check: false, BOT_TOKEN: "" } } }, "live").problems).toEqual([]);
  });

  test("an enabled connection with an empty source or no destination is refused at its field", () => {
    const forwards = [
      { ...connection, source: "" },
      { ...connection, con_name: "", dest: [] },
      { ...connection, dest: [" "] },
      { ...connection, use_this: false, source: "", dest: [] },
    ];
    const { problems } = preflight({ login: botLogin, forwards }, "live");
    expect(paths(problems)).toEqual(["/forwards/0/source", "/forwards/1/dest", "/forwards/2/dest"]);
    expect(problems[1]!.message).toStartWith("connection 2");
  });

  test("no enabled connection is allowed, with a warning: tgcf waits for its admins' /forward", () => {
    const result = preflight({ login: botLogin, forwards: [{ ...connection, use_this: false }] }, "live");
    expect(result.problems).toEqual([]);
    expect(paths(result.warnings)).toEqual(["/forwards"]);
    expect(preflight({ login: botLogin, forwards: [{ source: 1, dest: [2] }] }, "live")).toEqual({ problems: [], warnings: [] });
  });

  test("API_ID that tgcf would refuse or read as 0 counts as not set", () => {
    for (const API_ID of [0, "0", "abc", null, "1.5", -5]) {
      expect(paths(preflight({ login: { ...botLogin, API_ID }, forwards: [connection] }, "live").problems)).toEqual(["/login/API_ID"]);
    }
  });

  test("anything that is not a config object yields problems rather than throwing", () => {
    expect(preflight(null, "live").problems.length).toBeGreaterThan(0);
    expect(preflight([], "past").problems.length).toBeGreaterThan(0);
  });
});
