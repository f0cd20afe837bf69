// Searching the in-memory log by text, on the text a person sees (no ANSI codes).
import { ApiError } from "../../utils/api-error";
import { stripAnsi } from "./ansi";
import type { LogLine, LogStream } from "./log-line";
import type { RingBuffer } from "./ring-buffer";

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

/** A test for the plain text of a line; ApiError 400 for a too long query. */
export function compileQuery(options: LogSearchOptions): (text: string) => boolean {
  const { query, caseSensitive = false } = options;
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new ApiError(400, `search query too long: at most ${MAX_SEARCH_QUERY_LENGTH} characters`);
  }
  if (caseSensitive) return (text) => text.includes(query);
  const needle = query.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** The newest `limit` lines of `ring` matching `options`, oldest first, ANSI codes kept. */
export function searchLogLines(ring: RingBuffer<LogLine>, options: LogSearchOptions): LogLine[] {
  const matches = compileQuery(options);
  const streams = options.streams === undefined ? null : new Set(options.streams);
  const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_SEARCH_LIMIT));
  const found: LogLine[] = [];
  for (let index = ring.length - 1; index >= 0; index--) {
    const line = ring.at(index)!;
    if (streams !== null && !streams.has(line.stream)) continue;
    if (!matches(stripAnsi(line.line))) continue;
    found.push(line);
    if (found.length === limit) break;
  }
  return found.reverse();
}
