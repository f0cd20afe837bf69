// The activity service of one tgcf instance: its recorder, its supervisor's status and its saved connections.
import type { TgcfInstance } from "../instance/instance";
import type { ConfigStore } from "../config/store";
import type { ForwardLike } from "./connections";
import { ActivityService } from "./service";

/** The connections of the config as saved now; [] while the file is not valid (counts then show under other). */
export async function savedForwards(config: ConfigStore): Promise<readonly ForwardLike[]> {
  const snapshot = await config.read();
  if (snapshot.state === "invalid") return [];
  return (snapshot.config.forwards ?? []) as readonly ForwardLike[];
}

export function activityServiceFor(instance: TgcfInstance): ActivityService {
  return new ActivityService(instance.activity, {
    id: instance.id,
    status: () => instance.supervisor.status(),
    forwards: () => savedForwards(instance.config),
  });
}
