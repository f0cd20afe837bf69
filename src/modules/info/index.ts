// GET /api/info: versions and paths for the UI's about panel.
import { Elysia, t } from "elysia";
import type { Settings } from "../../settings";
import { COMMIT, VERSION } from "../../version";
import { errorResponses } from "../../utils/error-responses";
import { readTgcfVersion } from "./tgcf-version";
import { effectiveTgcfCommand } from "../tgcf-install/command";

export const infoRoutes = (settings: Settings) => {
  // Asked once per command (a managed install changes it); a failure is asked again next time.
  let tgcfVersion: { command: string; version: Promise<string | null> } | null = null;
  const versionOf = (command: string) => {
    if (tgcfVersion?.command !== command) {
      const version = readTgcfVersion(command).catch(() => {
        tgcfVersion = null;
        return null;
      });
      tgcfVersion = { command, version };
    }
    return tgcfVersion.version;
  };
  return new Elysia({ name: "info" }).get(
    "/api/info",
    async () => ({
      version: VERSION,
      commit: COMMIT,
      bun: Bun.version,
      platform: `${process.platform}-${process.arch}`,
      dataDir: settings.dataDir,
      tgcfCommand: effectiveTgcfCommand(settings.tgcfCommand, settings.dataDir),
      tgcfVersion: await versionOf(effectiveTgcfCommand(settings.tgcfCommand, settings.dataDir)),
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
