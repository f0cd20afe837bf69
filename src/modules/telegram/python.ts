// Finds the Python interpreter that runs tgcf: Telethon is installed wherever tgcf is.
import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { ApiError } from "../../utils/api-error";
import { CommandSyntaxError, resolveExecutable, splitCommand } from "../process/command";

/** The fallbacks when the tgcf command says nothing about its Python. */
export const FALLBACK_PYTHONS = ["python3", "python"] as const;
/** A shebang is one line; pip's `exec` trampoline for long paths needs the second one too. */
const SCRIPT_HEAD_BYTES = 4_096;
const PYTHON_NAME = /^python[0-9.]*$/;
/** pip writes `#!/bin/sh` then `'''exec' "/long path/python" "$0" "$@"` when the interpreter path is too long for a shebang. */
const PIP_TRAMPOLINE = /^'''exec' (.+?) "\$0" "\$@"/;

export const PYTHON_NOT_FOUND =
  "no Python found for Telegram sign-in: install tgcf (pip install tgcf, which brings Telethon), " +
  "or set TGCF_SERVER_PYTHON (--tgcf-python) to the Python that has tgcf";

export interface PythonSource {
  /** TGCF_SERVER_PYTHON / --tgcf-python, or null. */
  override: string | null;
  /** TGCF_SERVER_COMMAND, e.g. "tgcf" or "python3 -m tgcf.cli". */
  tgcfCommand: string;
  /** PATH to search. */
  searchPath: string | undefined;
}

export interface FoundPython {
  path: string;
  /** How it was found, for messages: "TGCF_SERVER_PYTHON", "the tgcf command", "tgcf's shebang" or "PATH". */
  from: string;
}

/**
 * The Python to run the helper with: the override if set; else the tgcf command's program when it is a
 * python (`python3 -m tgcf.cli`), or the interpreter named by its shebang (`#!/usr/bin/python3`,
 * `#!/usr/bin/env [-S] python3`, pip's sh trampoline); else python3 or python on PATH. ApiError 500 when none.
 */
export function findTgcfPython({ override, tgcfCommand, searchPath }: PythonSource): FoundPython {
  if (override !== null) {
    const path = resolveExecutable(override, searchPath);
    if (path === null) throw new ApiError(500, `TGCF_SERVER_PYTHON (--tgcf-python) is ${override}, which is not an executable file: fix it or unset it`);
    return { path, from: "TGCF_SERVER_PYTHON" };
  }
  const fromCommand = pythonOfCommand(tgcfCommand, searchPath);
  if (fromCommand) return fromCommand;
  for (const name of FALLBACK_PYTHONS) {
    const path = resolveExecutable(name, searchPath);
    if (path !== null) return { path, from: "PATH" };
  }
  throw new ApiError(500, PYTHON_NOT_FOUND);
}

function pythonOfCommand(command: string, searchPath: string | undefined): FoundPython | null {
  let words: string[];
  try {
    words = splitCommand(command);
  } catch (error) {
    if (error instanceof CommandSyntaxError) return null; // the run API reports a malformed command
    throw error;
  }
  const program = programOf(words);
  if (program === null) return null;
  const resolved = resolveExecutable(program, searchPath);
  if (resolved === null) return null;
  if (PYTHON_NAME.test(basename(program))) return { path: resolved, from: "the tgcf command" };
  const interpreter = shebangInterpreter(resolved, searchPath);
  return interpreter === null ? null : { path: interpreter, from: "tgcf's shebang" };
}

/** The program `words` run: the first word, or for `env [-i] [NAME=value] [-S] prog ...` the prog. */
export function programOf(words: string[]): string | null {
  const [first, ...rest] = words;
  if (first === undefined) return null;
  if (basename(first) !== "env") return first;
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index]!;
    if (word === "-S" || word === "--split-string") return programOf(["env", ...splitCommand(rest.slice(index + 1).join(" "))]);
    if (word.startsWith("-S")) return programOf(["env", ...splitCommand([word.slice(2), ...rest.slice(index + 1)].join(" "))]);
    if (word.startsWith("-") || word.includes("=")) continue;
    return word;
  }
  return null;
}

/** The python a script's shebang names, resolved; null when it has none or names something else. */
export function shebangInterpreter(scriptPath: string, searchPath: string | undefined): string | null {
  const lines = readHead(scriptPath).split("\n");
  const first = lines[0] ?? "";
  if (!first.startsWith("#!")) return null;
  let words: string[];
  try {
    words = splitCommand(first.slice(2).trim());
    const trampoline = PIP_TRAMPOLINE.exec(lines[1] ?? "");
    if (trampoline && basename(words[0] ?? "") === "sh") words = splitCommand(trampoline[1]!);
  } catch {
    return null; // an unparsable shebang: not one of pip's
  }
  const program = programOf(words);
  if (program === null || !PYTHON_NAME.test(basename(program))) return null;
  return resolveExecutable(program, searchPath);
}

function readHead(path: string): string {
  const buffer = Buffer.alloc(SCRIPT_HEAD_BYTES);
  let descriptor: number | null = null;
  try {
    descriptor = openSync(path, "r");
    const length = readSync(descriptor, buffer, 0, SCRIPT_HEAD_BYTES, 0);
    return buffer.subarray(0, length).toString("latin1");
  } catch {
    return ""; // unreadable: no shebang to go by
  } finally {
    if (descriptor !== null) closeSync(descriptor);
  }
}
