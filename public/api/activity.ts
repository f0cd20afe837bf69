// GET activity of this tab's instance (docs/API.md, "Activity"), with the server's own types.
import type { ActivityQuery, ActivityReport } from "../../src/modules/activity/model";
import { instanceApi } from "../state/instance.ts";
import { request } from "./http.ts";

export type { ActivityReport };
export type ConnectionActivity = ActivityReport["connections"][number];
export type Stall = ConnectionActivity["stall"];
export type PastProgress = NonNullable<ConnectionActivity["past"]>;
export type Series = ActivityReport["series"];

/** The query string of `query` ("from=…&step=…"); empty parts are left out. */
export function activityQueryString(query: ActivityQuery): string {
  const params = new URLSearchParams();
  if (query.from !== undefined) params.set("from", query.from);
  if (query.to !== undefined) params.set("to", query.to);
  if (query.step !== undefined) params.set("step", String(query.step));
  return params.toString();
}

/** GET activity?from&to&step of this tab's instance; throws ApiFailure when refused. */
export async function fetchActivity(query: ActivityQuery): Promise<ActivityReport> {
  const search = activityQueryString(query);
  return (await request<ActivityReport>(instanceApi(search ? `activity?${search}` : "activity"))).data;
}
