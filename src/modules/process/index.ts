// Run, stop, restart and status of the default tgcf instance.
import { Elysia, t } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import { requesterOf as requester } from "../auth";
import type { TgcfInstance } from "../instance/instance";
import { savedModeOf, startCheck } from "./start-check";
import { RunModeSchema, StatusSchema, type RunMode } from "./model";
import type { RouteScope } from "../instances/scope";

const RunBody = t.Optional(
  t.Object({ mode: t.Optional(t.Union([t.Literal("live"), t.Literal("past")], { description: "default: the config's mode (0 live, 1 past)" })) }),
);

/** The status, with the mode saved in the config beside the one tgcf runs in (they differ until a restart). */
async function statusWithSavedMode(instance: TgcfInstance) {
  const status = { ...instance.supervisor.status(), pendingRestartChanges: instance.config.pendingRestartChanges() };
  const snapshot = await instance.config.read().catch(() => null);
  const savedMode = snapshot && snapshot.state !== "invalid" ? savedModeOf(snapshot.config) : null;
  return { ...status, savedMode };
}

/** Refuses (422) what would make tgcf exit at once or ignore its config; returns the mode to run in. */
export async function checkRunnable(instance: TgcfInstance, requestedMode: RunMode | undefined): Promise<RunMode> {
  const mode = await startCheck(instance.config, instance.dataDir, requestedMode);
  // Last: the login another instance runs with (409) is claimed for this start once everything else is right.
  await instance.beforeStart();
  return mode;
}

export const processRoutes = (scope: RouteScope<TgcfInstance>) =>
  new Elysia({ name: "process", seed: scope.key })
    .post(
      `${scope.base}/run`,
      async ({ body, request, params }) => {
        const instance = scope.pick(params);
        const { pid } = await instance.supervisor.start(() => checkRunnable(instance, body?.mode), requester(request));
        return { status: "TGCF process started", pid };
      },
      {
        body: RunBody,
        response: { 200: t.Object({ status: t.String(), pid: t.Integer() }), ...errorResponses(401, 403, 409, 422, 500, 501, 503) },
        detail: scope.docs({ tags: ["process"], summary: "Start tgcf (live or past); 501 on Windows", description: "409 also when another instance runs with the same bot token or session string (the answer names it)." }, "/run"),
      },
    )
    .post(
      `${scope.base}/stop`,
      async ({ request, params }) => {
        const { exitCode, signal } = await scope.pick(params).supervisor.stop(requester(request));
        return { status: "TGCF process stopped", exitCode, signal };
      },
      {
        response: {
          200: t.Object({ status: t.String(), exitCode: t.Union([t.Integer(), t.Null()]), signal: t.Union([t.String(), t.Null()]) }),
          ...errorResponses(401, 403, 409),
        },
        detail: scope.docs({ tags: ["process"], summary: "Stop tgcf: SIGINT, then SIGTERM and SIGKILL; answers once it and its children are gone" }, "/stop"),
      },
    )
    .post(
      `${scope.base}/restart`,
      async ({ body, request, params }) => {
        const instance = scope.pick(params);
        const mode = await checkRunnable(instance, body?.mode);
        const { pid } = await instance.supervisor.restart(requester(request), mode);
        return { status: "TGCF process restarted", pid };
      },
      {
        body: RunBody,
        response: { 200: t.Object({ status: t.String(), pid: t.Integer() }), ...errorResponses(401, 403, 409, 422, 500, 501, 503) },
        detail: scope.docs({ tags: ["process"], summary: "Stop tgcf if it runs, then start it in the mode saved in the config (or the one given)" }, "/restart"),
      },
    )
    .get(`${scope.base}/status`, ({ params }) => statusWithSavedMode(scope.pick(params)), {
      response: {
        200: t.Composite([
          StatusSchema,
          t.Object({
            savedMode: t.Union([RunModeSchema, t.Null()], { description: "the mode saved in the config, which the next start uses" }),
            pendingRestartChanges: t.Array(t.String(), {
              description: "JSON pointers of the fields saved since the running tgcf started: it uses them only after a restart",
            }),
          }),
        ]),
        ...errorResponses(401),
      },
      detail: scope.docs({ tags: ["process"], summary: "tgcf's state, pid, uptime, restarts and last exit" }, "/status"),
    });
