// TypeBox schemas of the alert settings, the test request and the delivery history; the service's types come from these.
import { t, type Static } from "elysia";

/** What a set secret (webhook secret, bot token) reads back as; sending it back keeps the stored value. */
export const ALERT_SECRET_PLACEHOLDER = "********";
/** Seconds between two alerts of one kind for one instance (default). */
export const DEFAULT_COOLDOWN_SECONDS = 900;
export const MAX_CHANNELS = 20;
export const MAX_CHAT_IDS = 20;
const MAX_URL_LENGTH = 2_000;
const CHANNEL_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

export const AlertEventKindSchema = t.Union(
  [
    t.Literal("fatal"),
    t.Literal("unexpected-exit"),
    t.Literal("restart-storm"),
    t.Literal("flood-wait"),
    t.Literal("login-problem"),
    t.Literal("connection-stalled"),
    t.Literal("recovered"),
  ],
  {
    description:
      "fatal: the supervisor gave up · unexpected-exit: tgcf exited on its own · restart-storm: many restarts in a short while · " +
      "flood-wait: Telegram asked to wait longer than the threshold · login-problem: the login was refused or is missing · " +
      "connection-stalled: a usually active source went quiet · recovered: running again for a healthy while after a problem",
  },
);
export type AlertEventKind = Static<typeof AlertEventKindSchema>;

const HttpUrl = t.String({ pattern: "^https?://[^\\s]+$", maxLength: MAX_URL_LENGTH, description: "http(s) only" });

export const ChannelSchema = t.Object({
  id: t.String({ pattern: CHANNEL_ID_PATTERN, description: "a name of your choice, unique" }),
  kind: t.Union([t.Literal("webhook"), t.Literal("ntfy"), t.Literal("telegram")]),
  url: t.Optional(HttpUrl),
  secret: t.Optional(t.String({ maxLength: 500, description: "webhook: HMAC-SHA256 key of the X-Tgcf-Signature header; reads back as ********" })),
  botToken: t.Optional(t.String({ maxLength: 200, description: "telegram: the bot's token; reads back as ********" })),
  chatIds: t.Optional(t.Array(t.String({ pattern: "^(-?[0-9]{1,20}|@[A-Za-z0-9_]{1,64})$" }), { maxItems: MAX_CHAT_IDS })),
  events: t.Optional(t.Array(AlertEventKindSchema, { description: "the events this channel gets; all when omitted" })),
  previousId: t.Optional(
    t.String({ pattern: CHANNEL_ID_PATTERN, description: "PUT only, when renaming: the channel's saved id, whose secrets ******** then stands for; never stored" }),
  ),
});
export type AlertChannel = Static<typeof ChannelSchema>;

export const AlertSettingsSchema = t.Object({
  channels: t.Array(ChannelSchema, { maxItems: MAX_CHANNELS }),
  cooldownSeconds: t.Integer({ minimum: 0, maximum: 7 * 86_400, default: DEFAULT_COOLDOWN_SECONDS, description: "between two alerts of one kind for one instance" }),
  publicUrl: t.Optional(HttpUrl),
  floodWaitSeconds: t.Optional(t.Integer({ minimum: 0, description: "a FloodWait longer than this is an alert (default 300)" })),
  restartStorm: t.Optional(t.Object({ restarts: t.Integer({ minimum: 2, maximum: 1000 }), minutes: t.Integer({ minimum: 1, maximum: 1440 }) }, { description: "this many unexpected exits within this many minutes (default 5 in 15)" })),
  recoveredAfterSeconds: t.Optional(t.Integer({ minimum: 0, maximum: 86_400, description: "running this long after a problem is a recovery (default 120)" })),
});
export type AlertSettings = Static<typeof AlertSettingsSchema>;

export const TestAlertBody = t.Object({ channel: t.String({ pattern: CHANNEL_ID_PATTERN, description: "the id of a saved channel" }) });

export const AttemptSchema = t.Object({
  at: t.String({ format: "date-time" }),
  ok: t.Boolean(),
  httpStatus: t.Union([t.Integer(), t.Null()]),
  error: t.Union([t.String(), t.Null()]),
});

export const HistoryEntrySchema = t.Object({
  id: t.Integer(),
  at: t.String({ format: "date-time" }),
  event: t.Union([AlertEventKindSchema, t.Literal("test")]),
  instance: t.Union([t.String(), t.Null()]),
  channel: t.String(),
  title: t.String(),
  status: t.Union([t.Literal("pending"), t.Literal("sent"), t.Literal("failed"), t.Literal("dropped")], { description: "failed: every attempt failed, or the server stopped before it was sent · dropped: the queue was full" }),
  attempts: t.Array(AttemptSchema),
});
export type HistoryEntry = Static<typeof HistoryEntrySchema>;
export type Attempt = Static<typeof AttemptSchema>;
