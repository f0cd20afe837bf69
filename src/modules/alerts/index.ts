// GET/PUT /api/alerts, POST /api/alerts/test, GET /api/alerts/history: where alerts go and what was sent (routing
// and validation only: AlertService holds the logic).
import { Elysia, t } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import type { AlertService } from "./service";
import { AlertSettingsSchema, HistoryEntrySchema, TestAlertBody } from "./model";
import { HISTORY_SIZE } from "./delivery";

export const alertRoutes = (alerts: AlertService) =>
  new Elysia({ name: "alerts" })
    .get("/api/alerts", ({ set }) => {
      set.headers.etag = alerts.settingsEtag();
      return alerts.settings();
    }, {
      response: { 200: AlertSettingsSchema, ...errorResponses(401) },
      detail: { tags: ["alerts"], summary: "Alert settings: channels (webhook, ntfy, telegram), cooldown, public URL; secrets read back as ********" },
    })
    .put("/api/alerts", async ({ body, headers, set }) => {
      const saved = await alerts.saveSettings(body, { ifMatch: headers["if-match"] });
      set.headers.etag = alerts.settingsEtag();
      return saved;
    }, {
      body: AlertSettingsSchema,
      response: { 200: AlertSettingsSchema, ...errorResponses(401, 403, 412, 422) },
      detail: {
        tags: ["alerts"],
        summary: "Replace the alert settings",
        description:
          "A channel without events gets every event. A secret sent back as ******** keeps the stored value of the channel with that id, or of `previousId` " +
          "when renaming; ******** with no saved secret behind it is a 422. URLs must be http(s), and link-local and cloud metadata addresses are refused. " +
          "If-Match (the ETag of GET): 412 when the settings changed since. 422 when a channel lacks what its kind needs.",
      },
    })
    .post("/api/alerts/test", ({ body }) => alerts.test(body.channel), {
      body: TestAlertBody,
      response: { 200: HistoryEntrySchema, ...errorResponses(401, 403, 404, 422) },
      detail: { tags: ["alerts"], summary: "Send a test alert on a saved channel (one attempt); the answer says whether it was delivered" },
    })
    .get("/api/alerts/history", () => ({ entries: alerts.history() }), {
      response: { 200: t.Object({ entries: t.Array(HistoryEntrySchema) }), ...errorResponses(401) },
      detail: { tags: ["alerts"], summary: `The last ${HISTORY_SIZE} alerts sent, failing, failed or dropped, newest first, with each attempt` },
    });
