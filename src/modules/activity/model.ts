// TypeBox schemas of GET /api/activity; the service's result types come from these. Counter fields come from the
// counter lists, so a counter added there is documented here without anyone listing it again.
import { t, type Static, type TSchema } from "elysia";
import { MESSAGE_COUNTERS, type MessageCounter } from "./counters";
import { STALL_RULE } from "./stall";
import { ProcessStateSchema, RunModeSchema } from "../process/model";

const COUNTER_DESCRIPTIONS: Record<MessageCounter | "starts" | "unexpectedExits" | "runningSeconds", string> = {
  received: "new messages in the source (live mode: `New message received in <chat>`, logged before tgcf's filters)",
  edited: "edited messages in the source (live mode)",
  deleted: "deleted messages in the source (live mode, with live.delete_sync on)",
  forwarded: "messages forwarded by past mode (`forwarding message with id = <n>`)",
  floodWaits: "FloodWaits: times tgcf or Telethon slept because Telegram asked it to wait",
  floodWaitSeconds: "seconds Telegram asked those FloodWaits to last",
  errors: "ERROR and CRITICAL records; per connection only in past mode, where they belong to the connection being forwarded",
  starts: "tgcf processes started",
  unexpectedExits: "exits nobody asked for (not a stop, not a finished past run)",
  runningSeconds: "seconds tgcf was running",
};

const counterSchemas = <K extends string>(names: readonly K[]) =>
  Object.fromEntries(names.map((name) => [name, t.Number({ minimum: 0, description: COUNTER_DESCRIPTIONS[name as keyof typeof COUNTER_DESCRIPTIONS] })])) as Record<K, ReturnType<typeof t.Number>>;

export const INSTANCE_COUNTER_NAMES = [...MESSAGE_COUNTERS, "starts", "unexpectedExits", "runningSeconds"] as const;

export const MessageCountsSchema = t.Object(counterSchemas(MESSAGE_COUNTERS));
export const InstanceCountsSchema = t.Object(counterSchemas(INSTANCE_COUNTER_NAMES));
export type MessageCountsOut = Static<typeof MessageCountsSchema>;
export type InstanceCountsOut = Static<typeof InstanceCountsSchema>;

const windows = <T extends TSchema>(counts: T) =>
  t.Object(
    { lastHour: counts, lastDay: counts, last30Days: counts, allTime: counts },
    {
      description:
        "lastHour and lastDay add up minute slots (the current minute included), last30Days hour slots (the current hour included); " +
        "allTime counts since the activity database was created and is never pruned",
    },
  );

const time = (description: string) => t.Union([t.String({ format: "date-time" }), t.Null()], { description });

export const StallSchema = t.Object(
  {
    state: t.Union([t.Literal("active"), t.Literal("stalled"), t.Literal("learning"), t.Literal("not-listening")], {
      description: "learning: not enough history yet · not-listening: tgcf is not running in live mode",
    }),
    medianGapSeconds: t.Union([t.Number(), t.Null()]),
    silentForSeconds: t.Union([t.Number(), t.Null()]),
    thresholdSeconds: t.Union([t.Number(), t.Null()], { description: "silence beyond this is a stall" }),
  },
  { description: STALL_RULE },
);

export const PastProgressSchema = t.Object({
  current: t.Boolean({ description: "tgcf is forwarding this connection now" }),
  startedAt: t.String({ format: "date-time" }),
  lastForwardedId: t.Union([t.Integer(), t.Null()]),
  end: t.Union([t.Integer(), t.Null()], { description: "the connection's end (last message id), when set" }),
  forwardedThisRun: t.Integer({ minimum: 0 }),
  ratePerMinute: t.Union([t.Number(), t.Null()]),
  etaSeconds: t.Union([t.Number(), t.Null()], { description: "estimated time left to reach end, from how fast the message ids advanced; 0 once end is reached; null without an end, or when tgcf moved on before reaching it" }),
});

export const ConnectionActivitySchema = t.Object({
  index: t.Integer({ description: "the connection's position in forwards" }),
  name: t.String(),
  enabled: t.Boolean(),
  source: t.String({ description: "the source as written in the config" }),
  chatId: t.Union([t.String(), t.Null()], { description: "the source's numeric id; null for a @username or link, whose counts are under other" }),
  counters: windows(MessageCountsSchema),
  lastMessageAt: time("the last message received, edited, deleted or forwarded"),
  stall: StallSchema,
  past: t.Union([PastProgressSchema, t.Null()], { description: "past mode's progress in the current or last run" }),
});

const ColumnsOf = <K extends string>(names: readonly K[]) =>
  t.Object(Object.fromEntries(names.map((name) => [name, t.Array(t.Number())])) as Record<K, ReturnType<typeof t.Array<ReturnType<typeof t.Number>>>>);

export const SeriesSchema = t.Object(
  {
    resolution: t.Union([t.Literal("minute"), t.Literal("hour")], { description: "minute slots are kept 48 hours, hour slots 90 days" }),
    stepSeconds: t.Integer({ description: "width of one point" }),
    start: t.String({ format: "date-time", description: "start of the first point; point i starts at start + i × step" }),
    points: t.Integer(),
    total: ColumnsOf(INSTANCE_COUNTER_NAMES),
    connections: t.Array(t.Composite([t.Object({ index: t.Integer() }), ColumnsOf(MESSAGE_COUNTERS)])),
    other: ColumnsOf(MESSAGE_COUNTERS),
  },
  { description: "counts per point, one array per counter" },
);

export const ActivityReportSchema = t.Object({
  instance: t.Object({
    id: t.String(),
    state: ProcessStateSchema,
    mode: t.Union([RunModeSchema, t.Null()]),
    running: t.Boolean(),
    startedAt: time("start of the current or last run seen by this server"),
    listeningSince: time("live mode: when tgcf added its handler for new messages in this run"),
    loginMissing: t.Boolean({ description: "tgcf said `Login information not set!` in this run" }),
    lastLineAt: time("tgcf's last output line"),
    lastActivityAt: time("the last message received, edited, deleted or forwarded"),
    stalled: t.Boolean({ description: STALL_RULE }),
    stallReason: t.Union([t.String(), t.Null()]),
    counters: windows(InstanceCountsSchema),
  }),
  connections: t.Array(ConnectionActivitySchema),
  other: t.Object(
    { counters: windows(MessageCountsSchema), lastMessageAt: time("the last message of such a chat") },
    { description: "chats that match no connection's numeric source: sources written as @username or a link (tgcf logs only the numeric id it resolved), or connections removed since" },
  ),
  series: SeriesSchema,
});
export type ActivityReport = Static<typeof ActivityReportSchema>;

export const ActivityQuerySchema = t.Object({
  from: t.Optional(t.String({ description: "ISO 8601 time; default 24 hours before to" })),
  to: t.Optional(t.String({ description: "ISO 8601 time; default now" })),
  step: t.Optional(
    t.Numeric({ minimum: 60, description: "seconds per point, rounded up to whole minutes (whole hours for hour slots); default: the finest of 1 min, 5 min, 15 min, 1 h, 6 h, 1 day giving at most 300 points" }),
  ),
});
export type ActivityQuery = Static<typeof ActivityQuerySchema>;
