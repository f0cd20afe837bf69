// GET /api/info: versions and paths for the UI's about panel.
import { Elysia, t } from "elysia";
import type { Settings } from "../../settings";
import { COMMIT, VERSION } from "../../version";
import { errorResponses } from "../../utils/error-responses";
import { readTgcfVersion } from "./tgcf-version";

export const infoRoutes = (settings: Settings) => {
  let tgcfVersion: Promise<string | null> | null = null;
  return new Elysia({ name: "info" }).get(
    "/api/info",
    async () => ({
      version: VERSION,
      commit: COMMIT,
      bun: Bun.version,
      platform: `${process.platform}-${process.arch}`,
      dataDir: settings.dataDir,
      tgcfCommand: settings.tgcfCommand,
      tgcfVersion: await (tgcfVersion ??= readTgcfVersion(settings.tgcfCommand).catch(() => {
        tgcfVersion = null; // ask again next time rather than keep a failure
        return null;
      })),
    }),
    {
      response: {
        200: t.Object({
          version: t.String(),
          commit: t.String(),
          bun: t.String(),
          platform: t.String(),
          dataDir: t.String(),
          tgcfCommand: t.String(),
          tgcfVersion: t.Union([t.String(), t.Null()], { description: "what `tgcf --version` printed; null when tgcf is not found" }),
        }),
        ...errorResponses(401),
      },
      detail: { tags: ["server"], summary: "Server, tgcf and Bun versions, and the data dir" },
    },
  );
};
