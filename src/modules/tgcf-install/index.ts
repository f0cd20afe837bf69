// The tgcf install API: what tgcf is installed (GET /api/tgcf), install into a managed environment with progress
// (POST /api/tgcf/install, GET …/install, …/install/events, …/install/cancel), and go back (POST /api/tgcf/rollback).
import { Elysia } from "elysia";
import { ApiError } from "../../utils/api-error";
import { errorResponses } from "../../utils/error-responses";
import { RefusedPathError } from "../../utils/safe-fs";
import { effectiveTgcfCommand, managedTgcfUnusedReason } from "./command";
import { detectTgcf } from "./detect";
import { InstallBusyError, NothingToRollBackError, TgcfInstaller } from "./installer";
import { InstallBodySchema, InstallReportSchema, RollbackResultSchema, TgcfStatusSchema, type TgcfStatus } from "./model";
import { installEventStream, SSE_HEARTBEAT_MS } from "./sse";

export { TgcfInstaller } from "./installer";
export { effectiveTgcfCommand, managedTgcfCommand, managedTgcfExecutable } from "./command";
export { TGCF_MODEL_VERSION, SKIPPED_REQUIREMENTS } from "./release";

export interface TgcfInstallRoutesOptions {
  dataDir: string;
  /** TGCF_SERVER_COMMAND as set; when it is the default, the managed tgcf is checked once installed. */
  configuredCommand: string;
  /** What pip, Python and tgcf run with (default process.env). */
  env?: Record<string, string | undefined>;
  /** Share one with whoever else needs it (the supervisor's confirmStarted); default: a new one for `dataDir`. */
  installer?: TgcfInstaller;
  heartbeatMs?: number;
}

/** Domain errors to the API's one error shape. */
function apiErrorOf(error: unknown): unknown {
  if (error instanceof InstallBusyError || error instanceof NothingToRollBackError) return new ApiError(409, error.message);
  if (error instanceof RangeError) return new ApiError(422, error.message);
  if (error instanceof RefusedPathError) return new ApiError(500, error.message);
  return error;
}

async function mapped<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw apiErrorOf(error);
  }
}

const NO_REPORT = "No tgcf install has run in this data dir yet: start one with POST /api/tgcf/install.";

export const tgcfInstallRoutes = (options: TgcfInstallRoutesOptions) => {
  const env = options.env ?? process.env;
  const installer = options.installer ?? new TgcfInstaller({ dataDir: options.dataDir, env });
  // Requests that come while tgcf is being asked share its answer: a real tgcf takes about a second to start.
  let detecting: Promise<TgcfStatus> | null = null;
  const detect = () =>
    (detecting ??= detectTgcf({ command: effectiveTgcfCommand(options.configuredCommand, options.dataDir), dataDir: options.dataDir, env }).finally(() => {
      detecting = null;
    }));
  return new Elysia({ name: "tgcf-install" })
    .get("/api/tgcf", async () => detect(), {
      response: { 200: TgcfStatusSchema, ...errorResponses(401) },
      detail: { tags: ["tgcf"], summary: "Whether tgcf is installed and works: its version, its Python, and what to do about any problem" },
    })
    .post(
      "/api/tgcf/install",
      async ({ body, set }) =>
        mapped(() => {
          const unused = managedTgcfUnusedReason(options.configuredCommand);
          if (unused !== null) throw new ApiError(409, unused);
          const { progress } = installer.start({ version: body?.version });
          set.status = 202;
          return progress.report;
        }),
      {
        body: InstallBodySchema,
        response: { 202: InstallReportSchema, ...errorResponses(401, 403, 409, 422, 500) },
        detail: {
          tags: ["tgcf"],
          summary:
            "Install tgcf (default 1.1.8) into the data dir's own environment; follow it at /api/tgcf/install/events. " +
            "409 while another install runs, or when TGCF_SERVER_COMMAND names another tgcf",
        },
      },
    )
    .get(
      "/api/tgcf/install",
      () => {
        const report = installer.lastReport();
        if (report === null) throw new ApiError(404, NO_REPORT);
        return report;
      },
      { response: { 200: InstallReportSchema, ...errorResponses(401, 404) }, detail: { tags: ["tgcf"], summary: "The running or last install's report" } },
    )
    .get("/api/tgcf/install/events", ({ request }) => installEventStream(installer.latestProgress(), installer.lastReport(), request.headers.get("last-event-id"), options.heartbeatMs ?? SSE_HEARTBEAT_MS), {
      detail: {
        tags: ["tgcf"],
        summary: "Server-sent events of the running or last install: step, package, output, warning, then finished (with the report); idle when none ran",
      },
    })
    .post(
      "/api/tgcf/install/cancel",
      async () => {
        const report = await installer.cancel();
        if (report === null) throw new ApiError(409, "No tgcf install is running.");
        return report;
      },
      {
        response: { 200: InstallReportSchema, ...errorResponses(401, 403, 409) },
        detail: { tags: ["tgcf"], summary: "Cancel the running install (pip and all it started are ended); answers with its final report" },
      },
    )
    .post("/api/tgcf/rollback", async () => mapped(() => installer.rollback()), {
      response: { 200: RollbackResultSchema, ...errorResponses(401, 403, 409, 500) },
      detail: { tags: ["tgcf"], summary: "Go back to the environment in use before the last install (kept until the new tgcf has started once)" },
    });
};
