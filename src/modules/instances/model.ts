// TypeBox schemas of the instance API.
import { t } from "elysia";
import { INSTANCE_ID_PATTERN } from "../../shared/instance-id";
import { ProcessStateSchema, RunModeSchema, StatusSchema } from "../process/model";

export const InstanceSummarySchema = t.Object({
  id: t.String({ pattern: INSTANCE_ID_PATTERN.source }),
  name: t.String({ description: "display name" }),
  state: ProcessStateSchema,
  pid: t.Union([t.Integer(), t.Null()]),
  mode: t.Union([RunModeSchema, t.Null()]),
  uptimeSeconds: t.Integer({ minimum: 0 }),
  restarts: t.Integer({ minimum: 0 }),
  lastExit: StatusSchema.properties.lastExit,
  account: t.Union([t.Object({ type: t.Union([t.Literal("bot"), t.Literal("user")]), name: t.Union([t.String(), t.Null()], { description: "login.USERNAME when saved" }) }), t.Null()], {
    description: "what the saved login says (never a secret); null while the config is not valid",
  }),
  cpuPercent: t.Union([t.Number(), t.Null()], { description: "CPU of tgcf's process group since the previous look (100 = one core); null when not running" }),
  rssBytes: t.Union([t.Integer(), t.Null()], { description: "resident memory of tgcf's process group" }),
});
export type InstanceSummary = typeof InstanceSummarySchema.static;

export const CreateInstanceBody = t.Object({
  id: t.String({ maxLength: 64, description: "1 to 32 of a-z, 0-9 and -, starting with a letter or digit" }),
  name: t.Optional(t.String({ maxLength: 100 })),
  copyFrom: t.Optional(t.String({ maxLength: 64, description: "copy this instance's config, without its logins (API hash, bot tokens, session strings) and without session files" })),
});

export const RenameInstanceBody = t.Object({ name: t.String({ minLength: 1, maxLength: 100 }) });
