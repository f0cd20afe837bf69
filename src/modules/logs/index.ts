// GET /api/logs (JSON lines, tail/since/search) and GET /api/logs/download (the log file as text).
import { Elysia, t } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import type { LogHub } from "./log-hub";
import { LOG_STREAMS, type LogStream } from "./log-line";
import { MAX_SEARCH_QUERY_LENGTH, searchLogLines } from "./log-search";
import { logDownloadStream } from "./download";
import type { RouteScope } from "../instances/scope";

export const DEFAULT_TAIL_LINES = 500;
/**
 * The most lines one tail (REST and WebSocket) gives; a larger tail gives this many. It bounds the work one
 * request makes; the whole log is GET /api/logs/download.
 */
export const MAX_TAIL_LINES = 10_000;

/** `tail` within 0..MAX_TAIL_LINES. */
export function cappedTail(tail: number): number {
  return Math.min(Math.max(0, Math.floor(tail)), MAX_TAIL_LINES);
}

/** The streams named in `?stream=stdout,stderr` (unknown names match nothing); undefined for all. */
function streamsOf(list: string | undefined): LogStream[] | undefined {
  if (list === undefined) return undefined;
  return list.split(",").map((name) => name.trim()).filter((name): name is LogStream => (LOG_STREAMS as readonly string[]).includes(name));
}

const LogLineSchema = t.Object({
  seq: t.Integer({ description: "increases for the server's lifetime, across runs of tgcf and server restarts" }),
  ts: t.String({ description: "ISO 8601 time the server read the line" }),
  stream: t.Union([t.Literal("stdout"), t.Literal("stderr"), t.Literal("system")]),
  line: t.String({ description: "the line as tgcf printed it (ANSI colours kept)" }),
});

const LogsResponse = t.Object({
  lines: t.Array(LogLineSchema),
  gap: t.Union([t.Object({ from: t.Integer(), to: t.Integer() }), t.Null()], { description: "lines lost between since and the oldest line still in memory" }),
  lastSeq: t.Integer(),
});

export const logRoutes = (scope: RouteScope<LogHub>) =>
  new Elysia({ name: "logs", seed: scope.key })
    .get(
      `${scope.base}/logs`,
      ({ query, params }) => {
        const logs = scope.pick(params);
        // Stream and text filters come first, then the tail: `tail=10&stream=system` is the last 10 system lines.
        const filter = { query: query.q ?? "", streams: streamsOf(query.stream) };
        if (query.since === undefined) {
          return { lines: logs.search({ ...filter, limit: cappedTail(query.tail ?? DEFAULT_TAIL_LINES) }), gap: null, lastSeq: logs.lastSeq };
        }
        const { lines, gap } = logs.since(query.since);
        const limit = query.tail === undefined ? lines.length : cappedTail(query.tail);
        return { lines: searchLogLines(lines, { ...filter, limit }), gap, lastSeq: logs.lastSeq };
      },
      {
        query: t.Object({
          tail: t.Optional(
            t.Numeric({
              minimum: 0,
              description: `at most this many lines, the newest of those that pass the other filters (default ${DEFAULT_TAIL_LINES}, at most ${MAX_TAIL_LINES}; with since, default all)`,
            }),
          ),
          since: t.Optional(t.Numeric({ minimum: 0, description: "only lines after this seq" })),
          q: t.Optional(t.String({ maxLength: MAX_SEARCH_QUERY_LENGTH, description: "search text, any case (ANSI codes ignored)" })),
          regex: t.Optional(
            t.Literal("false", { description: "the server never runs a regular expression (one could block it): filter by regex on the client" }),
          ),
          stream: t.Optional(t.String({ description: "comma list of stdout, stderr, system" })),
        }),
        response: { 200: LogsResponse, ...errorResponses(400, 401, 422) },
        detail: scope.docs({ tags: ["logs"], summary: "Recent log lines from memory, with tail, since, search and stream filters" }, "/logs"),
      },
    )
    .get(
      `${scope.base}/logs/download`,
      async ({ query, params }) => {
        const logs = scope.pick(params);
        await logs.flush();
        const stamp = new Date().toISOString().replace(/[:.]/g, "-");
        return new Response(logDownloadStream(logs.logFilePaths(), query.ansi === "keep"), {
          headers: {
            "content-type": "text/plain; charset=utf-8",
            "content-disposition": `attachment; filename="tgcf-${stamp}.log"`,
            "cache-control": "no-store",
          },
        });
      },
      {
        query: t.Object({ ansi: t.Optional(t.Union([t.Literal("keep"), t.Literal("strip")], { description: "ANSI colour codes: strip (default) or keep" })) }),
        detail: scope.docs({ tags: ["logs"], summary: "The whole log file (rotated parts included, oldest first) as text/plain" }, "/logs/download"),
      },
    );
