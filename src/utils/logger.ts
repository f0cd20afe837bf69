// The server's own log on stderr, one line per event. Never pass it a secret.
import type { LogLevel } from "../settings";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + "\n")): Logger {
  const at = (lineLevel: LogLevel) => (message: string) => {
    if (RANK[lineLevel] >= RANK[level]) write(`${new Date().toISOString()} ${lineLevel.padEnd(5)} ${message}`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
