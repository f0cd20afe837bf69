// Moving connections to a new instance: the way to give some connections other plugins (tgcf's plugins apply to all
// of an instance's connections). The new instance gets a copy of the config without logins and only the moved
// connections; the old one loses them. Either both happen or neither.
import { t } from "elysia";
import { ApiError } from "../../utils/api-error";
import type { TgcfConfig } from "../config/model";
import { CreateInstanceBody } from "./model";
import type { InstanceRegistry } from "./registry";

export const MAX_MOVED_CONNECTIONS = 500;

export const MoveConnectionsBody = t.Object({
  connections: t.Array(
    t.Object({
      index: t.Integer({ minimum: 0, description: "the connection's place in forwards" }),
      source: t.Union([t.String({ maxLength: 256 }), t.Integer()], { description: "its source as the caller saw it: a connection that moved or changed since is refused (409)" }),
    }),
    { minItems: 1, maxItems: MAX_MOVED_CONNECTIONS },
  ),
  to: t.Omit(CreateInstanceBody, ["copyFrom"]),
});
export type MoveConnectionsRequest = typeof MoveConnectionsBody.static;

type Forward = TgcfConfig["forwards"][number];

/** The moved connections of `forwards`, in their order; 422/409 when the list does not match what is saved. */
function pickMoved(forwards: readonly Forward[], connections: MoveConnectionsRequest["connections"], fromId: string): Set<number> {
  const indexes = new Set<number>();
  connections.forEach(({ index, source }, position) => {
    const path = `/connections/${position}`;
    if (indexes.has(index)) throw new ApiError(422, `connection ${index} is listed twice`, [{ path: `${path}/index`, message: "listed twice" }]);
    const forward = forwards[index];
    if (!forward) throw new ApiError(422, `instance "${fromId}" has no connection ${index} (it has ${forwards.length})`, [{ path: `${path}/index`, message: "no such connection" }]);
    if (String(forward.source) !== String(source)) {
      throw new ApiError(409, `connection ${index} of "${fromId}" changed since it was read (its source is no longer ${JSON.stringify(source)}): reload and choose again`, [
        { path: `/forwards/${index}/source`, message: "changed since it was read" },
      ]);
    }
    indexes.add(index);
  });
  return indexes;
}

/**
 * Creates `to` with a copy of `fromId`'s config (no logins, no session files) holding only the chosen connections,
 * then removes them from `fromId`. If the removal fails, the new instance is deleted again.
 */
export async function moveConnections(registry: InstanceRegistry, fromId: string, request: MoveConnectionsRequest, by: string) {
  const source = registry.get(fromId);
  const snapshot = await source.config.read();
  if (snapshot.state === "invalid") throw new ApiError(409, `the config of "${fromId}" is not valid: fix it before moving connections`);
  const moved = pickMoved(snapshot.config.forwards, request.connections, fromId);
  const instance = await registry.create({ ...request.to, copyFrom: fromId }, (copy) => {
    copy.forwards = (copy.forwards as Forward[]).filter((_, index) => moved.has(index));
  });
  try {
    await source.config.update(
      (current) => {
        // Checked again inside the write lock: tgcf or another save may have changed the list since the read.
        pickMoved(current.forwards, request.connections, fromId);
        return { ...current, forwards: current.forwards.filter((_, index) => !moved.has(index)) };
      },
      { by: `${by}, moving to "${instance.id}"` },
    );
  } catch (error) {
    await registry.delete(instance.id, { purge: true });
    throw error;
  }
  return { instance, moved: moved.size, restartNeeded: source.supervisor.status().isRunning };
}
