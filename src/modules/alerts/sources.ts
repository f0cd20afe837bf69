// The instances of the registry as alerts see them.
import type { InstanceRegistry } from "../instances/registry";
import type { AlertSource } from "./service";

/** Every instance of the registry now (the service re-reads the list to follow created and deleted instances). */
export function alertSourcesOf(registry: InstanceRegistry): () => AlertSource[] {
  return () =>
    registry.ids().map((id): AlertSource => {
      const instance = registry.peek(id);
      return {
        id,
        owner: instance,
        name: () => registry.find(id) ? registry.nameOf(id) : id,
        status: () => instance.supervisor.status(),
        onStatus: (listener) => instance.supervisor.onStatus(listener),
        lastLines: (count) => instance.logs.tail(count).map((line) => line.line),
        stalls: async () => {
          const report = await registry.activityOf(id).report();
          return report.connections.map((connection) => ({
            connection: connection.name || `#${connection.index + 1}`,
            stalled: connection.stall.state === "stalled",
            silentForSeconds: connection.stall.silentForSeconds,
          }));
        },
      };
    });
}
