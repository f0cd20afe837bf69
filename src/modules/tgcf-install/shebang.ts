// Which Python a tgcf command runs on: the interpreter named in its console script's first line(s), or the
// Python itself when the command is `python -m tgcf`.
import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { resolveExecutable } from "../process/command";

/** pip writes at most ~3 short lines before the script's code; the longest form fits easily. */
const SCRIPT_HEAD_BYTES = 4096;
const PYTHON_NAME = /^python[0-9.]*$/;
/**
 * The form pip (distlib) writes when the interpreter's path is too long for a #! line or has spaces:
 *   #!/bin/sh
 *   '''exec' "/path/to/python" "$0" "$@"
 */
const SH_WRAPPER_EXEC = /^'''exec' "([^"]+)" "\$0" "\$@"/m;

/**
 * The Python `executable` runs on: itself when it is a Python, else the interpreter of its #! line (through
 * `/usr/bin/env NAME`, looked up on `searchPath`, and through pip's /bin/sh wrapper). null when none is named.
 */
export function pythonOfExecutable(executable: string, searchPath: string | undefined): string | null {
  if (PYTHON_NAME.test(basename(executable))) return executable;
  const head = readHead(executable);
  if (!head.startsWith("#!")) return null;
  const wrapped = SH_WRAPPER_EXEC.exec(head)?.[1];
  if (wrapped !== undefined) return wrapped;
  const words = head.slice(2).split("\n", 1)[0]!.trim().split(/\s+/);
  const [interpreter, ...args] = words;
  if (interpreter === undefined || interpreter === "") return null;
  if (basename(interpreter) === "env") {
    const name = args.find((arg) => !arg.startsWith("-"));
    return name !== undefined && PYTHON_NAME.test(basename(name)) ? resolveExecutable(name, searchPath) : null;
  }
  return PYTHON_NAME.test(basename(interpreter)) ? interpreter : null;
}

function readHead(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return "";
  }
  try {
    const buffer = Buffer.alloc(SCRIPT_HEAD_BYTES);
    const length = readSync(fd, buffer, 0, SCRIPT_HEAD_BYTES, 0);
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
