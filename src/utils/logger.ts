// The server's own log on stderr, one line per event. Never pass it a secret.
import { writeSync } from "node:fs";
import type { LogLevel } from "../settings";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const STDERR_FD = 2;

export interface Logger {
  /** Whether lines of this level are written: skip building a line nobody reads. */
  enabled(level: LogLevel): boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Lines of one event-loop turn go to stderr in one write (a busy API writes a line per request);
 * whatever is pending is written before the process exits.
 */
function batchedStderr(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("\n") + "\n";
    pending = [];
    try {
      writeSync(STDERR_FD, text);
    } catch {
      // stderr closed: nowhere left to report it.
    }
  };
  process.on("exit", flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

let sharedStderr: ((line: string) => void) | null = null;

export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const output = write ?? (sharedStderr ??= batchedStderr());
  const enabled = (lineLevel: LogLevel) => RANK[lineLevel] >= RANK[level];
  const at = (lineLevel: LogLevel) => (message: string) => {
    if (enabled(lineLevel)) output(`${new Date().toISOString()} ${lineLevel.padEnd(5)} ${message}`);
  };
  return { enabled, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
