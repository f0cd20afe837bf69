// TypeBox schemas of what the process API reports; the supervisor's types come from these.
import { Type as t, type Static } from "@sinclair/typebox";

export const RunModeSchema = t.Union([t.Literal("live"), t.Literal("past")]);
export type RunMode = Static<typeof RunModeSchema>;

export const ProcessStateSchema = t.Union(
  [
    t.Literal("stopped"),
    t.Literal("starting"),
    t.Literal("running"),
    t.Literal("backoff"),
    t.Literal("stopping"),
    t.Literal("exited"),
    t.Literal("fatal"),
  ],
  {
    description:
      "stopped: not started, or stopped on request · starting: about to spawn · running: a tgcf process exists · " +
      "stopping: signals sent, waiting for its process group to go · backoff: waiting to restart after an unexpected exit · " +
      "exited: ended on its own, no restart (a finished past run, or autorestart off) · fatal: gave up after too many quick exits",
  },
);
export type ProcessState = Static<typeof ProcessStateSchema>;

export const ChildExitSchema = t.Object({
  code: t.Union([t.Integer(), t.Null()], { description: "exit code, null when killed by a signal" }),
  signal: t.Union([t.String(), t.Null()], { description: "the signal that killed it, e.g. SIGKILL" }),
});
export type ChildExit = Static<typeof ChildExitSchema>;

export const CauseHintSchema = t.Object({
  kind: t.String({ description: "network, flood-wait, session-invalid, session-duplicated, bot-token-invalid, api-id-invalid, chat-unreachable, login-missing, past-needs-user, config-unreadable, fake-mode" }),
  hint: t.String({ description: "what to do, for a person" }),
  field: t.Union([t.String(), t.Null()], { description: "JSON pointer of the config setting to fix, when one is to blame" }),
  waitSeconds: t.Optional(t.Integer({ description: "FloodWait: how long Telegram asked to wait" })),
  chatId: t.Optional(t.Integer({ description: "the chat named in the error" })),
});

export const ExitCauseSchema = t.Object({
  text: t.String({ description: "one line, e.g. \"ConnectionError: Connection to Telegram failed 5 time(s)\"" }),
  exceptionType: t.Union([t.String(), t.Null()]),
  hint: t.Union([CauseHintSchema, t.Null()]),
});

export const LastExitSchema = t.Composite([
  ChildExitSchema,
  t.Object({
    at: t.String({ format: "date-time" }),
    reason: t.String({ description: "what happened, for a person, in one line: it leads with the cause when one is known" }),
    cause: t.Union([ExitCauseSchema, t.Null()], { description: "the cause read from tgcf's output: its last exception or warning, with a hint for known failures" }),
    lastLines: t.Array(t.String(), { description: "tgcf's last lines as plain text (empty after a requested stop)" }),
  }),
]);
export type LastExit = Static<typeof LastExitSchema>;

export const StatusSchema = t.Object({
  isRunning: t.Boolean({ description: "a tgcf process exists (running or stopping)" }),
  pid: t.Union([t.Integer(), t.Null()]),
  startTime: t.Union([t.String({ format: "date-time" }), t.Null()]),
  mode: t.Union([RunModeSchema, t.Null()], { description: "the current or pending run's mode, else the last one used" }),
  uptimeSeconds: t.Integer({ minimum: 0 }),
  state: ProcessStateSchema,
  restarts: t.Integer({ minimum: 0, description: "automatic restarts since tgcf was last started by a person" }),
  nextStartAt: t.Union([t.String({ format: "date-time" }), t.Null()], { description: "in backoff: when the next automatic start comes" }),
  lastExit: t.Union([LastExitSchema, t.Null()]),
});
export type SupervisorStatus = Static<typeof StatusSchema>;
