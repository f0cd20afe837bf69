// Searching the in-memory log by text or regular expression, on the text a person sees (no ANSI codes).
import { ApiError } from "../../utils/api-error";
import { stripAnsi } from "./ansi";
import type { LogLine, LogStream } from "./log-line";
import type { RingBuffer } from "./ring-buffer";

export const DEFAULT_SEARCH_LIMIT = 200;
/** Longer queries are refused: a search runs on the server's event loop. */
export const MAX_SEARCH_QUERY_LENGTH = 1_000;

export interface LogSearchOptions {
  /** Text to find, or a JavaScript regular expression with `regex`. "" matches every line. */
  query: string;
  regex?: boolean;
  /** Default false. */
  caseSensitive?: boolean;
  /** Default: all streams. */
  streams?: readonly LogStream[];
  /** Most matches returned, the newest ones; default DEFAULT_SEARCH_LIMIT. */
  limit?: number;
}

// JavaScript regexes cannot be interrupted and the search runs on the event loop that also drains tgcf's pipes,
// so the shapes that backtrack catastrophically, such as (a+)+ or (a|a)*, are refused.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,?\d*\}|\|)(?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,?\d*\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** A test for the plain text of a line; ApiError 400 for an invalid regular expression or a too long query. */
export function compileQuery(options: LogSearchOptions): (text: string) => boolean {
  const { query, regex = false, caseSensitive = false } = options;
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new ApiError(400, `search query too long: at most ${MAX_SEARCH_QUERY_LENGTH} characters`);
  }
  if (regex) {
    if (NESTED_QUANTIFIER.test(query) || BACKREFERENCE.test(query)) {
      throw new ApiError(400, "this regular expression could take very long (a repeated group that repeats, or a back-reference): simplify it", [
        { path: "/query", message: "nested quantifiers and back-references are not allowed" },
      ]);
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(query, caseSensitive ? "" : "i");
    } catch (error) {
      throw new ApiError(400, `invalid regular expression: ${(error as Error).message}`, [
        { path: "/query", message: "not a valid JavaScript regular expression" },
      ]);
    }
    return (text) => pattern.test(text);
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
