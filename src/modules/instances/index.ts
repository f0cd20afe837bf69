// GET/POST /api/instances, PATCH/DELETE /api/instances/:id: the instances of this server (routing and validation
// only: the registry holds the logic).
import { Elysia, t } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import type { InstanceRegistry } from "./registry";
import { accountOf } from "./credentials";
import { GroupUsage } from "./usage";
import { CreateInstanceBody, InstanceSummarySchema, RenameInstanceBody, type InstanceSummary } from "./model";
import { moveConnections, MoveConnectionsAnswerSchema, MoveConnectionsBody } from "./move-connections";
import { checkedOverrides, InstanceSettingsSchema, PutInstanceSettingsBody } from "./instance-settings";
import { requesterOf } from "../auth";

/** One instance as GET /api/instances lists it; `usage` is its process group's CPU and memory. */
async function summaryOf(registry: InstanceRegistry, id: string, usage: { cpuPercent: number | null; rssBytes: number | null }): Promise<InstanceSummary> {
  const instance = registry.peek(id);
  const { state, pid, mode, uptimeSeconds, restarts, lastExit } = instance.supervisor.status();
  return { id, name: registry.nameOf(id), state, pid, mode, uptimeSeconds, restarts, lastExit, account: await accountOf(instance.config), ...usage };
}

async function summaries(registry: InstanceRegistry, groupUsage: GroupUsage, ids: string[]): Promise<InstanceSummary[]> {
  const usages = groupUsage.read(ids.map((id) => registry.peek(id).supervisor.status()));
  return Promise.all(ids.map((id, index) => summaryOf(registry, id, usages[index]!)));
}

export const instancesRoutes = (registry: InstanceRegistry) => {
  const groupUsage = new GroupUsage();
  return new Elysia({ name: "instances" })
    .get("/api/instances", async () => ({ instances: await summaries(registry, groupUsage, registry.ids()) }), {
      response: { 200: t.Object({ instances: t.Array(InstanceSummarySchema) }), ...errorResponses(401) },
      detail: { tags: ["instances"], summary: "Every tgcf instance of this server: state, account, CPU and memory" },
    })
    .post(
      "/api/instances",
      async ({ body, set }) => {
        const instance = await registry.create(body);
        set.status = 201;
        return (await summaries(registry, groupUsage, [instance.id]))[0]!;
      },
      {
        body: CreateInstanceBody,
        response: { 201: InstanceSummarySchema, ...errorResponses(401, 403, 404, 409, 422) },
        detail: {
          tags: ["instances"],
          summary: "Create an instance (its own data dir, config, logs, sessions); copyFrom copies a config without its logins",
          description: "422: the id is not allowed; 409: the id exists, or the server keeps --max-instances already; 404: no instance to copy from.",
        },
      },
    )
    .patch(
      "/api/instances/:id",
      async ({ params, body }) => {
        registry.rename(params.id, body.name);
        return (await summaries(registry, groupUsage, [params.id]))[0]!;
      },
      {
        body: RenameInstanceBody,
        response: { 200: InstanceSummarySchema, ...errorResponses(401, 403, 404, 422) },
        detail: { tags: ["instances"], summary: "Rename an instance (its display name; the id stays)" },
      },
    )
    .post(
      "/api/instances/:id/move-connections",
      async ({ params, body, request, set }) => {
        const { instance, moved, restartNeeded } = await moveConnections(registry, params.id, body, requesterOf(request));
        set.status = 201;
        return { instance: (await summaries(registry, groupUsage, [instance.id]))[0]!, moved, restartNeeded };
      },
      {
        body: MoveConnectionsBody,
        response: {
          201: MoveConnectionsAnswerSchema,
          ...errorResponses(401, 403, 404, 409, 422),
        },
        detail: {
          tags: ["instances"],
          summary: "Move connections to a new instance, which gets a copy of this config (plugins and all) without its logins, and only those connections",
          description:
            "This is how connections get plugins of their own. Either both configs change or neither. The new instance needs its own login " +
            "(two instances cannot share one). 409: a listed connection changed since it was read, the id exists or the instance limit is reached; 422: a bad id or index.",
        },
      },
    )
    .get("/api/instances/:id/settings", ({ params }) => registry.settingsOf(params.id), {
      response: { 200: InstanceSettingsSchema, ...errorResponses(401, 404) },
      detail: { tags: ["instances"], summary: "How tgcf-server runs the instance (grace periods, restarts, log size, tgcf command): the effective values and the instance's overrides" },
    })
    .put(
      "/api/instances/:id/settings",
      async ({ params, body }) => {
        await registry.updateSettings(params.id, checkedOverrides(body.overrides));
        return registry.settingsOf(params.id);
      },
      {
        body: PutInstanceSettingsBody,
        response: { 200: InstanceSettingsSchema, ...errorResponses(401, 403, 404, 409, 422) },
        detail: {
          tags: ["instances"],
          summary: "Replace the instance's overrides of the run settings; they apply to its next start",
          description:
            "Checked by the flags' own rules (422 at the field). 409 while its tgcf runs or a Telegram helper works. The tgcf command cannot be set here. " +
            "The instance is built again with the new settings, as at a server start but without starting tgcf (it shows stopped; the last exit stays in its log); " +
            "its log sockets close and the page reconnects.",
        },
      },
    )
    .delete("/api/instances/:id", async ({ params, query }) => ({ deleted: params.id, ...(await registry.delete(params.id, { purge: query.purge === "true" })) }), {
      query: t.Object({ purge: t.Optional(t.Union([t.Literal("true"), t.Literal("false")], { description: "true: delete the folder instead of moving it to the trash" })) }),
      response: { 200: t.Object({ deleted: t.String(), trashedTo: t.Union([t.String(), t.Null()], { description: "where its folder went; null when purged" }) }), ...errorResponses(401, 403, 404, 409) },
      detail: {
        tags: ["instances"],
        summary: "Delete a stopped instance: its folder moves to <data dir>/trash/<id>-<time> (or is deleted with ?purge=true)",
        description: "409 while its tgcf runs, and for the instance default (the routes without /instances/{id} address it).",
      },
    });
};
