// GET/PUT /api/instances/:id/settings: how tgcf-server runs an instance (grace periods, restarts, log size), as the
// server's flags set it and as the instance overrides it. Values are checked by the flags' own rules.
import { t } from "elysia";
import { ApiError, type FieldError } from "../../utils/api-error";
import { API_INSTANCE_SETTING_KEYS, checkInstanceSetting, type ApiInstanceSettingKey } from "../../settings";

const RUN_SETTING_DESCRIPTIONS: Record<ApiInstanceSettingKey, string> = {
  stopGraceMs: "ms from SIGINT to SIGTERM on stop (--stop-grace-ms)",
  killAfterMs: "ms from SIGTERM to SIGKILL on stop (--kill-after-ms)",
  autoRestart: "restart tgcf with back-off when it exits unexpectedly (--auto-restart)",
  autoStart: "start tgcf at server start if it was running before (--auto-start)",
  healthyAfterMs: "ms of running that reset the restart delays (--healthy-after)",
  maxRestartsPerHour: "more automatic restarts within an hour make tgcf fatal (--max-restarts-per-hour)",
  logRingLines: "log lines kept in memory (--log-lines)",
};

const runSetting = (key: ApiInstanceSettingKey) =>
  key === "autoRestart" || key === "autoStart" ? t.Boolean({ description: RUN_SETTING_DESCRIPTIONS[key] }) : t.Integer({ description: RUN_SETTING_DESCRIPTIONS[key] });

const RunSettingsSchema = t.Object(Object.fromEntries(API_INSTANCE_SETTING_KEYS.map((key) => [key, runSetting(key)])) as Record<ApiInstanceSettingKey, ReturnType<typeof runSetting>>);
const RunOverridesSchema = t.Partial(RunSettingsSchema);

const WithCommand = t.Object({ tgcfCommand: t.String({ description: "set by --tgcf-command or in instance.json only" }) });

export const InstanceSettingsSchema = t.Object({
  effective: t.Composite([RunSettingsSchema, WithCommand], { description: "what the instance's tgcf runs with: the server's flags, then the instance's overrides" }),
  server: t.Composite([RunSettingsSchema, WithCommand], { description: "the server's flags: what a setting without an override takes" }),
  overrides: t.Composite([RunOverridesSchema, t.Object({ tgcfCommand: t.Optional(t.String()) })], { description: "what the instance's .tgcf-server/instance.json sets" }),
});
export type InstanceSettingsReport = typeof InstanceSettingsSchema.static;

export const PutInstanceSettingsBody = t.Object({
  overrides: t.Record(t.String({ maxLength: 64 }), t.Union([t.Number(), t.Boolean(), t.String({ maxLength: 4096 })]), {
    description: `the overrides the instance keeps (a key left out takes the server's value): ${API_INSTANCE_SETTING_KEYS.join(", ")}`,
  }),
});

/** The overrides as they may be saved; 422 naming each field that the flag would refuse, or that the API may not set. */
export function checkedOverrides(overrides: Record<string, unknown>): Partial<Record<ApiInstanceSettingKey, unknown>> {
  const problems: FieldError[] = [];
  const checked: Partial<Record<ApiInstanceSettingKey, unknown>> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const path = `/overrides/${key}`;
    if (key === "tgcfCommand") {
      problems.push({ path, message: "the tgcf command is set by --tgcf-command or in the instance's instance.json only: the API must not be able to make the server run another program" });
    } else if (!(API_INSTANCE_SETTING_KEYS as readonly string[]).includes(key)) {
      problems.push({ path, message: `not an instance setting (these are: ${API_INSTANCE_SETTING_KEYS.join(", ")})` });
    } else {
      const result = checkInstanceSetting(key as ApiInstanceSettingKey, value);
      if ("problem" in result) problems.push({ path, message: result.problem });
      else checked[key as ApiInstanceSettingKey] = result.value;
    }
  }
  if (problems.length > 0) throw new ApiError(422, `the settings are not valid: ${problems[0]!.path} ${problems[0]!.message}`, problems);
  return checked;
}
