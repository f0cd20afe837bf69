import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ApiError } from "../../../src/utils/api-error";
import { CommandSyntaxError, resolveExecutable, splitCommand, tgcfArgv, TGCF_NOT_FOUND } from "../../../src/modules/process/command";
import { temporaryDirectory } from "./fakes";

describe("splitCommand", () => {
  test("splits on runs of spaces, tabs and newlines", () => {
    expect(splitCommand("  tgcf \t --x\n y ")).toEqual(["tgcf", "--x", "y"]);
    expect(splitCommand("")).toEqual([]);
    expect(splitCommand("   ")).toEqual([]);
  });

  test("single quotes keep everything literal, backslashes included", () => {
    expect(splitCommand(`'/opt/my dir/tgcf' 'a\\b' '$HOME'`)).toEqual(["/opt/my dir/tgcf", "a\\b", "$HOME"]);
  });

  test('double quotes keep spaces; a backslash escapes only $ ` " \\ inside them', () => {
    expect(splitCommand(`"my dir/tgcf" "a \\"b\\" \\\\ \\$x \\n"`)).toEqual(["my dir/tgcf", 'a "b" \\ $x \\n']);
  });

  test("a backslash outside quotes escapes the next character, backslash-newline joins", () => {
    expect(splitCommand("my\\ dir/tgcf a\\\nb \\'")).toEqual(["my dir/tgcf", "ab", "'"]);
  });

  test("adjacent quoted and bare parts form one word; empty quotes make an empty word", () => {
    expect(splitCommand(`py"th"'on' "" ''`)).toEqual(["python", "", ""]);
  });

  test("does no expansion of variables, tildes or globs", () => {
    expect(splitCommand("~/bin/tgcf $TGCF *.py")).toEqual(["~/bin/tgcf", "$TGCF", "*.py"]);
  });

  test("a trailing backslash stays literal, as in sh -c", () => {
    expect(splitCommand("tgcf a\\")).toEqual(["tgcf", "a\\"]);
  });

  test("rejects unclosed single and double quotes", () => {
    expect(() => splitCommand("tgcf 'live")).toThrow(CommandSyntaxError);
    expect(() => splitCommand('tgcf "live')).toThrow(/unclosed double quote/);
    expect(() => splitCommand('tgcf "a\\"')).toThrow(CommandSyntaxError);
  });
});

describe("resolveExecutable", () => {
  const directory = temporaryDirectory();
  const bin = join(directory, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "tgcf"), "#!/bin/sh\n");
  chmodSync(join(bin, "tgcf"), 0o755);
  writeFileSync(join(bin, "notexec"), "");
  mkdirSync(join(bin, "adir"));

  test("finds a name on PATH and returns its absolute path", () => {
    expect(resolveExecutable("tgcf", `/nonexistent:${bin}`)).toBe(join(bin, "tgcf"));
  });

  test("returns null for a missing name, a non-executable file or a directory", () => {
    expect(resolveExecutable("missing-tgcf", bin)).toBeNull();
    expect(resolveExecutable("notexec", bin)).toBeNull();
    expect(resolveExecutable("adir", bin)).toBeNull();
    expect(resolveExecutable("tgcf", undefined)).toBeNull();
    expect(resolveExecutable("", bin)).toBeNull();
  });

  test("takes a name with a slash as a path, not a PATH lookup", () => {
    expect(resolveExecutable(join(bin, "tgcf"), "")).toBe(join(bin, "tgcf"));
    expect(resolveExecutable("bin/tgcf", bin)).toBeNull(); // relative to the server's cwd, not PATH
  });
});

describe("tgcfArgv", () => {
  test("resolves the program and appends the mode and --loud", () => {
    const argv = tgcfArgv(`${process.execPath} "/x/fake tgcf.ts"`, "past", "");
    expect(argv).toEqual([process.execPath, "/x/fake tgcf.ts", "past", "--loud"]);
  });

  test("answers 500 with what to do when tgcf is not installed", () => {
    let error: unknown;
    try {
      tgcfArgv("tgcf-that-does-not-exist", "live", "/nonexistent");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).message).toBe(TGCF_NOT_FOUND);
  });

  test("answers 500 naming TGCF_SERVER_COMMAND when the command has an unclosed quote", () => {
    expect(() => tgcfArgv("'tgcf", "live", "")).toThrow(/TGCF_SERVER_COMMAND is not a valid command/);
  });
});
