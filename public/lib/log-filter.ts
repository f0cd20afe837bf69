// Search and filter of log lines: plain text or a regular expression, on the visible text, by stream.
import { stripAnsi } from "./ansi.ts";
import type { LogEntry, LogStreamName } from "./log-types.ts";

export interface LogFilter {
  text: string;
  regex: boolean;
  streams: readonly LogStreamName[];
}

export type CompiledFilter = { ok: true; matches: (entry: LogEntry) => boolean; active: boolean } | { ok: false; error: string };

/** A predicate for `filter`, or the reason its regular expression is not valid. Text search ignores case. */
export function compileLogFilter(filter: LogFilter): CompiledFilter {
  const streams = new Set(filter.streams);
  const allStreams = streams.size === 3;
  let test: ((text: string) => boolean) | null = null;
  if (filter.text !== "") {
    if (filter.regex) {
      try {
        const pattern = new RegExp(filter.text, "i");
        test = (text) => pattern.test(text);
      } catch (error) {
        return { ok: false, error: `not a valid regular expression: ${(error as Error).message}` };
      }
    } else {
      const needle = filter.text.toLowerCase();
      test = (text) => text.toLowerCase().includes(needle);
    }
  }
  const matches = (entry: LogEntry) => streams.has(entry.stream) && (test === null || test(stripAnsi(entry.line)));
  return { ok: true, matches, active: test !== null || !allStreams };
}

/**
 * Query string for GET api/logs narrowing the server's whole in-memory log by stream and, for plain text, by text.
 * A regular expression is applied here in the browser: the server never runs one (it could block its event loop).
 */
export function logSearchQuery(filter: LogFilter, tail: number): string {
  const params = new URLSearchParams({ tail: String(tail) });
  if (filter.text !== "" && !filter.regex) params.set("q", filter.text);
  params.set("stream", filter.streams.join(","));
  return params.toString();
}

/** Lines as a plain-text file: `<ts> <stream> <text>` per line, escape codes removed. */
export function formatLogText(entries: readonly LogEntry[]): string {
  return entries.map((entry) => `${entry.ts} ${entry.stream} ${stripAnsi(entry.line)}\n`).join("");
}
