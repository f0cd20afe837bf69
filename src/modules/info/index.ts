// GET /api/info: versions and paths for the UI's about panel.
import { Elysia, t } from "elysia";
import type { Settings } from "../../settings";
import { COMMIT, VERSION } from "../../version";
import { errorResponses } from "../../utils/error-responses";

export const infoRoutes = (settings: Settings) =>
  new Elysia({ name: "info" }).get(
    "/api/info",
    () => ({
      version: VERSION,
      commit: COMMIT,
      bun: Bun.version,
      platform: `${process.platform}-${process.arch}`,
      dataDir: settings.dataDir,
      tgcfCommand: settings.tgcfCommand,
    }),
    {
      response: {
        200: t.Object({ version: t.String(), commit: t.String(), bun: t.String(), platform: t.String(), dataDir: t.String(), tgcfCommand: t.String() }),
        ...errorResponses(401),
      },
      detail: { tags: ["server"], summary: "Server version, Bun version and data dir" },
    },
  );
