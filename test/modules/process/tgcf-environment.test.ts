import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dotenvProblems, parseDotenv } from "../../../src/modules/process/tgcf-environment";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDirWithDotenv(text: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-env-"));
  dirs.push(dir);
  if (text !== null) writeFileSync(join(dir, ".env"), text);
  return dir;
}

describe(".env as python-dotenv reads it", () => {
  test("plain, exported, quoted and commented assignments", () => {
    const variables = parseDotenv('A=1\nexport B="two words"\nC=\'x # not a comment\'\nD=four # comment\n# E=5\n  F = six  \nnot a line\n');
    expect(Object.fromEntries(variables)).toEqual({ A: "1", B: "two words", C: "x # not a comment", D: "four", F: "six" });
  });
});

describe("dotenvProblems", () => {
  test("no .env, or one without MongoDB, is fine", () => {
    expect(dotenvProblems(dataDirWithDotenv(null))).toEqual([]);
    expect(dotenvProblems(dataDirWithDotenv("PASSWORD=x\nMONGO_CON_STR=\n"))).toEqual([]);
  });

  test("MONGO_CON_STR makes tgcf ignore tgcf.config.json: refused with what to do", () => {
    const problems = dotenvProblems(dataDirWithDotenv("export MONGO_CON_STR=\"mongodb://db:27017\"\n"));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/MongoDB and ignore tgcf.config.json.*remove that line/);
  });

  test("FAKE makes tgcf exit at once", () => {
    expect(dotenvProblems(dataDirWithDotenv("FAKE=1"))[0]!.message).toMatch(/exit at once/);
  });

  test("a .env that is a link is not read, and said so", () => {
    const dir = dataDirWithDotenv(null);
    const outside = join(dir, "..", `outside-${Date.now()}`);
    writeFileSync(outside, "MONGO_CON_STR=x");
    symlinkSync(outside, join(dir, ".env"));
    try {
      expect(dotenvProblems(dir)[0]!.message).toMatch(/not a regular file/);
    } finally {
      rmSync(outside, { force: true });
    }
  });
});
