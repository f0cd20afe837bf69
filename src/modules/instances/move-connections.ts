// Moving connections to a new instance: the way to give some connections other plugins (tgcf's plugins apply to all
// of an instance's connections). The new instance gets a copy of the config without logins and only the moved
// connections; the old one loses them. Either both happen or neither.
import { isDeepStrictEqual } from "node:util";
import { t } from "elysia";
import { ApiError } from "../../utils/api-error";
import type { TgcfConfig } from "../config/model";
import { CreateInstanceBody, InstanceSummarySchema } from "./model";
import { savedConfigOf, withoutLogins, type InstanceRegistry } from "./registry";

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

export const MoveConnectionsAnswerSchema = t.Object({
  instance: InstanceSummarySchema,
  moved: t.Integer({ minimum: 1 }),
  restartNeeded: t.Boolean({ description: "the old instance's tgcf runs: it forwards the moved connections until it restarts" }),
});
export type MoveConnectionsAnswer = typeof MoveConnectionsAnswerSchema.static;

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

/** The same connection, whatever tgcf did to its progress meanwhile. */
function sameConnection(a: Forward | undefined, b: Forward): boolean {
  if (a === undefined) return false;
  const { offset: _a, ...restA } = a;
  const { offset: _b, ...restB } = b;
  return isDeepStrictEqual(restA, restB);
}

/**
 * Creates `to` with a copy of `fromId`'s config (no logins, no session files) holding only the chosen connections,
 * then removes them from `fromId`; if the removal fails, the new instance is purged again. It runs with the
 * registry's other creates, deletes and moves one at a time, and checks every moved connection again inside the
 * config's write lock, whole (its offset aside, which tgcf moves), so a connection is never in two instances or none.
 */
export function moveConnections(registry: InstanceRegistry, fromId: string, request: MoveConnectionsRequest, by: string) {
  return registry.serially(async () => {
    const source = registry.get(fromId);
    const saved = await savedConfigOf(source);
    const moved = pickMoved(saved.forwards, request.connections, fromId);
    const read = [...moved].sort((a, b) => a - b).map((index) => saved.forwards[index]!);
    const copy = withoutLogins(saved);
    copy.forwards = read;
    const instance = await registry.createNow(request.to, copy);
    let current: Forward[] = read;
    try {
      await source.config.update(
        (config) => {
          const changed = [...moved].find((index) => !sameConnection(config.forwards[index], saved.forwards[index]!));
          if (changed !== undefined) {
            throw new ApiError(409, `connection ${changed} of "${fromId}" changed while it was being moved: reload and choose again`, [
              { path: `/forwards/${changed}`, message: "changed while it was being moved" },
            ]);
          }
          current = config.forwards.filter((_, index) => moved.has(index));
          return { ...config, forwards: config.forwards.filter((_, index) => !moved.has(index)) };
        },
        { by: `${by}, moving to "${instance.id}"` },
      );
    } catch (error) {
      await registry.deleteNow(instance.id, { purge: true });
      throw error;
    }
    // tgcf may have moved an offset since the copy was written: the new instance goes on from there.
    if (!isDeepStrictEqual(current, read)) await instance.config.update((config) => ({ ...config, forwards: current }), { by });
    return { instance, moved: moved.size, restartNeeded: source.supervisor.status().isRunning };
  });
}
