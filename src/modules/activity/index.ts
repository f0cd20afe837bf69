// GET /api/activity: what tgcf forwarded, per connection, over time. One instance today; the handler takes the
// instance's service, so /api/instances/:id/activity can hand it the service it looks up.
import { Elysia } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import { ActivityQuerySchema, ActivityReportSchema, type ActivityQuery } from "./model";
import type { ActivityService } from "./service";
import { STALL_RULE } from "./stall";
import type { RouteScope } from "../instances/scope";

/** The route's options, shared with a per-instance route later. */
export const ACTIVITY_ROUTE_OPTIONS = {
  query: ActivityQuerySchema,
  response: { 200: ActivityReportSchema, ...errorResponses(400, 401, 403, 422) },
  detail: {
    tags: ["activity"],
    summary: "What tgcf forwarded: counters per connection (last hour, day, 30 days, all time), stalls, past-mode progress, and a series",
    description:
      "Counted from tgcf's --loud activity lines as they are logged, kept in <data dir>/.tgcf-server/activity.sqlite " +
      "(minute slots for 48 hours, hour slots for 90 days) across server restarts. " +
      "Chats are matched to connections by their numeric source id; sources written as @username or a link are counted under other. " +
      STALL_RULE,
  },
};

export function activityReport(service: ActivityService, query: ActivityQuery) {
  return service.report(query);
}

export const activityRoutes = (scope: RouteScope<ActivityService>) =>
  new Elysia({ name: "activity", seed: scope.key }).get(`${scope.base}/activity`, ({ query, params }) => activityReport(scope.pick(params), query), {
    ...ACTIVITY_ROUTE_OPTIONS,
    detail: scope.docs(ACTIVITY_ROUTE_OPTIONS.detail, "/activity"),
  });
