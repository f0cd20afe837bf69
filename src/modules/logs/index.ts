// GET /api/logs (JSON lines, tail/since/search) and GET /api/logs/download (the log file as text).
import { Elysia, t } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import type { LogHub } from "./log-hub";
import { logDownloadStream } from "./download";

export const DEFAULT_TAIL_LINES = 500;

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

export const logRoutes = (logs: LogHub) =>
  new Elysia({ name: "logs" })
    .get(
      "/api/logs",
      ({ query }) => {
        const streams = query.stream ? query.stream.split(",").map((s) => s.trim()) : undefined;
        if (query.q !== undefined && query.q !== "") {
          const lines = logs.search({ query: query.q, streams: streams as never, limit: query.tail ?? DEFAULT_TAIL_LINES });
          return { lines, gap: null, lastSeq: logs.lastSeq };
        }
        const selected = query.since !== undefined ? logs.since(query.since) : { lines: logs.tail(query.tail ?? DEFAULT_TAIL_LINES), gap: null };
        const lines = streams ? selected.lines.filter((line) => streams.includes(line.stream)) : selected.lines;
        const tailed = query.since !== undefined && query.tail !== undefined ? lines.slice(-query.tail) : lines;
        return { lines: tailed, gap: selected.gap, lastSeq: logs.lastSeq };
      },
      {
        query: t.Object({
          tail: t.Optional(t.Numeric({ minimum: 0, maximum: 1_000_000, description: `at most this many lines, the newest (default ${DEFAULT_TAIL_LINES})` })),
          since: t.Optional(t.Numeric({ minimum: 0, description: "only lines after this seq" })),
          q: t.Optional(t.String({ maxLength: 1000, description: "search text, any case (ANSI codes ignored)" })),
          regex: t.Optional(
            t.Literal("false", { description: "the server never runs a regular expression (one could block it): filter by regex on the client" }),
          ),
          stream: t.Optional(t.String({ description: "comma list of stdout, stderr, system" })),
        }),
        response: { 200: LogsResponse, ...errorResponses(400, 401, 422) },
        detail: { tags: ["logs"], summary: "Recent log lines from memory, with tail, since and search" },
      },
    )
    .get(
      "/api/logs/download",
      async ({ query }) => {
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
        detail: { tags: ["logs"], summary: "The whole log file (rotated parts included, oldest first) as text/plain" },
      },
    );
