// Searching the in-memory log by text, on the text a person sees (no ANSI codes).
import { ApiError } from "../../utils/api-error";
import { stripAnsi } from "./ansi";
import type { LogLine, LogStream } from "./log-line";

export const DEFAULT_SEARCH_LIMIT = 200;
/** Longer queries are refused: a search runs on the server's event loop. */
export const MAX_SEARCH_QUERY_LENGTH = 1_000;

export interface LogSearchOptions {
  /** Text to find. "" matches every line. There is no regular expression search here: JavaScript cannot interrupt
   * one, and a catastrophic pattern would block the event loop that drains tgcf's pipes (the UI filters by regex). */
  query: string;
  /** Default false. */
  caseSensitive?: boolean;
  /** Default: all streams. */
  streams?: readonly LogStream[];
  /** Most matches returned, the newest ones; default DEFAULT_SEARCH_LIMIT. */
  limit?: number;
}

/** A test for the plain text of a line, or null when `query` is "" (every line matches); ApiError 400 for a too long query. */
export function compileQuery(options: LogSearchOptions): ((text: string) => boolean) | null {
  const { query, caseSensitive = false } = options;
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new ApiError(400, `search query too long: at most ${MAX_SEARCH_QUERY_LENGTH} characters`);
  }
  if (query === "") return null;
  if (caseSensitive) return (text) => text.includes(query);
  const needle = query.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** Lines in seq order that can be read from the newest back: the ring buffer, or an array of lines taken from it. */
export interface SearchableLines {
  readonly length: number;
  at(index: number): LogLine | undefined;
}

/** The newest `limit` lines of `lines` matching `options` (text and streams), oldest first, ANSI codes kept. */
export function searchLogLines(lines: SearchableLines, options: LogSearchOptions): LogLine[] {
  const matches = compileQuery(options);
  const streams = options.streams === undefined ? null : new Set(options.streams);
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_SEARCH_LIMIT));
  const found: LogLine[] = [];
  for (let index = lines.length - 1; index >= 0 && found.length < limit; index--) {
    const line = lines.at(index)!;
    if (streams !== null && !streams.has(line.stream)) continue;
    if (matches !== null && !matches(stripAnsi(line.line))) continue;
    found.push(line);
  }
  return found.reverse();
}
