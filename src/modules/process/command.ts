// Turns TGCF_SERVER_COMMAND into argv the way a POSIX shell splits words, and finds the executable.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { ApiError } from "../../utils/api-error";
import type { Mode } from "./state";

export const TGCF_NOT_FOUND = "tgcf not found: install it (pip install tgcf) or set TGCF_SERVER_COMMAND";
const WORD_SEPARATORS = new Set([" ", "\t", "\n"]);
/** Inside double quotes a backslash escapes only these (POSIX sh). */
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(["$", "`", '"', "\\", "\n"]);

/** Thrown by splitCommand when the command cannot be split (an unclosed quote). */
export class CommandSyntaxError extends Error {
  override name = "CommandSyntaxError";
}

/**
 * Splits a command line into words like a POSIX shell: whitespace separates words, single quotes
 * keep everything literal, double quotes keep everything but `\$ \` \" \\`, a backslash outside
 * quotes escapes the next character. No expansion of any kind ($VAR, ~, globs stay as written).
 * Throws CommandSyntaxError on an unclosed quote.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false; // distinguishes "" (an empty word) from no word at all
  let index = 0;
  while (index < command.length) {
    const char = command[index]!;
    if (WORD_SEPARATORS.has(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      index++;
    } else if (char === "'") {
      const end = command.indexOf("'", index + 1);
      if (end === -1) throw new CommandSyntaxError(`unclosed single quote at character ${index + 1} of: ${command}`);
      word += command.slice(index + 1, end);
      inWord = true;
      index = end + 1;
    } else if (char === '"') {
      const [text, end] = readDoubleQuoted(command, index);
      word += text;
      inWord = true;
      index = end + 1;
    } else if (char === "\\") {
      const next = command[index + 1];
      if (next === undefined) word += "\\"; // a trailing backslash stays literal, as in sh -c
      else if (next !== "\n") word += next; // backslash-newline joins lines
      inWord = true;
      index += 2;
    } else {
      word += char;
      inWord = true;
      index++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Reads a double-quoted part starting at `open`; returns its text and the index of the closing quote. */
function readDoubleQuoted(command: string, open: number): [string, number] {
  let text = "";
  let index = open + 1;
  while (index < command.length) {
    const char = command[index]!;
    if (char === '"') return [text, index];
    const next = command[index + 1];
    if (char === "\\" && next !== undefined && ESCAPABLE_IN_DOUBLE_QUOTES.has(next)) {
      if (next !== "\n") text += next;
      index += 2;
    } else {
      text += char;
      index++;
    }
  }
  throw new CommandSyntaxError(`unclosed double quote at character ${open + 1} of: ${command}`);
}

/**
 * Finds the file a shell would run for `argv0`: a name containing "/" is taken relative to the
 * current directory, any other name is looked up in `searchPath` (PATH; an empty entry means the
 * current directory). Returns an absolute path to an executable regular file, or null.
 */
export function resolveExecutable(argv0: string, searchPath: string | undefined): string | null {
  if (argv0 === "") return null;
  if (argv0.includes("/")) return isExecutableFile(argv0) ? resolve(argv0) : null;
  for (const directory of (searchPath ?? "").split(delimiter)) {
    const candidate = join(directory === "" ? "." : directory, argv0);
    if (isExecutableFile(candidate)) return resolve(candidate);
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false; // missing, not executable or unreadable: all mean "not this one"
  }
}

/**
 * The argv that runs tgcf in `mode`: `command` (TGCF_SERVER_COMMAND) split, its program resolved
 * on `searchPath`, then `<mode> --loud`. ApiError 500 when the command is malformed or not found.
 */
export function tgcfArgv(command: string, mode: Mode, searchPath: string | undefined): string[] {
  let words: string[];
  try {
    words = splitCommand(command);
  } catch (error) {
    throw new ApiError(500, `TGCF_SERVER_COMMAND is not a valid command: ${(error as Error).message}`);
  }
  const [program, ...args] = words;
  const executable = program === undefined ? null : resolveExecutable(program, searchPath);
  if (executable === null) throw new ApiError(500, TGCF_NOT_FOUND);
  return [executable, ...args, mode, "--loud"];
}
