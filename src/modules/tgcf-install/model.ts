// TypeBox schemas of what the tgcf install API reports; the installer's types come from these.
import { Type as t, type Static, type TSchema } from "@sinclair/typebox";
import { TGCF_MODEL_VERSION, VERSION_PATTERN } from "./release";

const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) => t.Union([schema, t.Null()], options);

export const TgcfStatusSchema = t.Object({
  installed: t.Boolean({ description: "the tgcf command answered `--version`" }),
  version: Nullable(t.String(), { description: "the version it printed, as plain text" }),
  command: t.String({ description: "the command checked: TGCF_SERVER_COMMAND, or the managed tgcf when none is set" }),
  executable: Nullable(t.String(), { description: "the program the command runs, found on the PATH" }),
  python: Nullable(t.Object({ executable: t.String(), version: Nullable(t.String()) }), { description: "the Python tgcf runs on (its script's #! line, or `python -m`)" }),
  managed: t.Boolean({ description: "tgcf-server installed it, into its data dir's environment" }),
  compatible: t.Boolean({ description: `the version is ${TGCF_MODEL_VERSION}, the one this server's config model is made for` }),
  rollbackVersion: Nullable(t.String(), { description: "the tgcf version POST /api/tgcf/rollback would go back to; null when there is none" }),
  problems: t.Array(t.String(), { description: "what is wrong, each a sentence saying what to do" }),
});
export type TgcfStatus = Static<typeof TgcfStatusSchema>;

export const StepNameSchema = t.Union(
  [
    t.Literal("find-python"),
    t.Literal("create-environment"),
    t.Literal("resolve"),
    t.Literal("download"),
    t.Literal("install"),
    t.Literal("check"),
    t.Literal("switch"),
  ],
  {
    description:
      "find-python · create-environment (python -m venv) · resolve (tgcf itself, then its requirements) · download (its dependencies) · " +
      "install (pip installs them) · check (`tgcf --version` answers) · switch (the new environment replaces the one in use)",
  },
);
export type StepName = Static<typeof StepNameSchema>;

export const PackageProgressSchema = t.Object({
  name: t.String(),
  version: Nullable(t.String()),
  action: t.Union([t.Literal("collecting"), t.Literal("downloading"), t.Literal("cached"), t.Literal("building"), t.Literal("installing"), t.Literal("installed")]),
  size: Nullable(t.String(), { description: "as pip reported it, e.g. \"2.4 kB\"" }),
  bytes: Nullable(t.Integer()),
});
export type PackageProgress = Static<typeof PackageProgressSchema>;

export const InstallErrorSchema = t.Object({
  code: t.String({
    description:
      "no-python, python-too-old, no-venv-module, environment-failed, version-not-found, python-not-supported, index-unreachable, " +
      "needs-compiler, build-failed, pip-failed, check-failed, timed-out, cancelled, switch-failed",
  }),
  message: t.String({ description: "what went wrong and what to do" }),
});

export const InstallStepSchema = t.Object({
  step: StepNameSchema,
  state: t.Union([t.Literal("running"), t.Literal("done"), t.Literal("failed")]),
  message: t.String(),
  startedAt: t.String({ format: "date-time" }),
  finishedAt: Nullable(t.String({ format: "date-time" })),
});

export const InstallReportSchema = t.Object({
  id: t.String(),
  state: t.Union([t.Literal("running"), t.Literal("succeeded"), t.Literal("failed"), t.Literal("cancelled")]),
  version: t.String({ description: "the tgcf version asked for" }),
  indexUrl: Nullable(t.String(), { description: "--index-url, when given (otherwise pip's own settings: PIP_INDEX_URL, pip.conf)" }),
  startedAt: t.String({ format: "date-time" }),
  finishedAt: Nullable(t.String({ format: "date-time" })),
  python: Nullable(t.Object({ executable: t.String(), version: t.String() })),
  steps: t.Array(InstallStepSchema),
  packages: t.Array(t.Object({ name: t.String(), version: Nullable(t.String()), size: Nullable(t.String()), bytes: Nullable(t.Integer()), cached: t.Boolean() }), {
    description: "every package pip fetched, in order",
  }),
  downloadedBytes: t.Integer({ description: "the sum of the sizes pip reported" }),
  skippedRequirements: t.Array(t.String(), { description: "tgcf's requirements left out: its web UI's alone (streamlit, tg-login)" }),
  warnings: t.Array(t.String()),
  error: Nullable(InstallErrorSchema),
  command: Nullable(t.String(), { description: "on success: the managed tgcf command, used by every instance that sets no command of its own" }),
  rollbackVersion: Nullable(t.String(), { description: "the tgcf version kept for a rollback" }),
  output: t.Array(t.String(), { description: "the last lines pip and Python printed (all of them are in the events)" }),
});
export type InstallReport = Static<typeof InstallReportSchema>;

export const InstallEventSchema = t.Object({
  seq: t.Integer({ description: "1, 2, 3… within one install" }),
  installId: t.String(),
  at: t.String({ format: "date-time" }),
  type: t.Union([t.Literal("step"), t.Literal("package"), t.Literal("output"), t.Literal("warning"), t.Literal("finished")]),
  step: StepNameSchema,
  message: t.String({ description: "for a person: the step, the package and its size, the output line, the warning, or the outcome" }),
  package: t.Optional(PackageProgressSchema),
  report: t.Optional(InstallReportSchema),
});
export type InstallEvent = Static<typeof InstallEventSchema>;

export const InstallBodySchema = t.Optional(
  t.Object({
    version: t.Optional(t.String({ pattern: VERSION_PATTERN, description: `the tgcf version to install (default ${TGCF_MODEL_VERSION})` })),
  }),
);

export const RollbackResultSchema = t.Object({
  version: Nullable(t.String(), { description: "the tgcf version now in use" }),
  command: t.String({ description: "the managed tgcf command" }),
});
export type RollbackResult = Static<typeof RollbackResultSchema>;
