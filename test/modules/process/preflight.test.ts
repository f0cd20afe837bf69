import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { preflightProblems } from "../../../src/modules/process/preflight";

const defaultConfig = JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "fixtures", "tgcf", "default-config.json"), "utf8"));
const connection = { con_name: "news", use_this: true, source: -1001, dest: [-1002] };
const botLogin = { API_ID: 12345, API_HASH: "0123abcd", user_type: 0, BOT_TOKEN: "123:abc", SESSION_STRING: "" };
const userLogin = { API_ID: "12345", API_HASH: "0123abcd", user_type: 1, BOT_TOKEN: "", SESSION_STRING: "1BVts..." };

describe("preflightProblems", () => {
  test("a complete bot config in live mode has no problems", () => {
    expect(preflightProblems({ ...defaultConfig, login: botLogin, forwards: [connection] }, "live")).toEqual([]);
  });

  test("a complete user config has no problems in past mode (API_ID as text, as tgcf accepts)", () => {
    expect(preflightProblems({ ...defaultConfig, login: userLogin, forwards: [connection] }, "past")).toEqual([]);
  });

  test("tgcf's default config lists the missing API ID, API hash, bot token and connection", () => {
    const problems = preflightProblems(defaultConfig, "live");
    expect(problems).toHaveLength(4);
    expect(problems[0]).toStartWith("API ID is not set");
    expect(problems[1]).toStartWith("API hash is not set");
    expect(problems[2]).toStartWith("no bot token");
    expect(problems[3]).toStartWith("no enabled connection");
  });

  test("a user account without a session string is named as such", () => {
    const problems = preflightProblems({ login: { ...userLogin, SESSION_STRING: " " }, forwards: [connection] }, "live");
    expect(problems).toEqual([expect.stringMatching(/^no session string/)]);
  });

  test("past mode with a bot account is refused: only users may read history", () => {
    const problems = preflightProblems({ login: botLogin, forwards: [connection] }, "past");
    expect(problems).toEqual([expect.stringMatching(/^past mode needs a user account/)]);
  });

  test("connections that are all switched off count as none; a connection without use_this is on", () => {
    expect(preflightProblems({ login: botLogin, forwards: [{ ...connection, use_this: false }] }, "live")).toEqual([
      expect.stringMatching(/^no enabled connection/),
    ]);
    expect(preflightProblems({ login: botLogin, forwards: [{ source: 1, dest: [2] }] }, "live")).toEqual([]);
  });

  test("API_ID that tgcf would refuse or read as 0 counts as not set", () => {
    for (const API_ID of [0, "0", "abc", null, "1.5"]) {
      expect(preflightProblems({ login: { ...botLogin, API_ID }, forwards: [connection] }, "live")[0]).toStartWith("API ID is not set");
    }
  });

  test("anything that is not a config object yields every problem rather than throwing", () => {
    expect(preflightProblems(null, "live").length).toBeGreaterThan(0);
    expect(preflightProblems([], "past").length).toBeGreaterThan(0);
  });
});
