import { afterEach, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "../../helpers/server";
import packageJson from "../../../package.json";

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

test("info names the server, tgcf and Bun versions and the data dir", async () => {
  const server = await startTestServer();
  servers.push(server);
  const info = await (await server.api("/api/info")).json();
  expect(info).toMatchObject({ version: packageJson.version, bun: Bun.version, dataDir: server.rootDir, tgcfVersion: "1.1.8" });
});

test("tgcfVersion is null when the tgcf command is not installed", async () => {
  const server = await startTestServer({ tgcfCommand: "no-such-tgcf-command" });
  servers.push(server);
  expect((await (await server.api("/api/info")).json()).tgcfVersion).toBeNull();
});

test("tgcfVersion is plain text even when tgcf answers in colour, as the real one does with FORCE_COLOR", async () => {
  const server = await startTestServer({ tgcfCommand: `/bin/sh ${import.meta.dir}/../../fixtures/tgcf-colour-version.sh` });
  servers.push(server);
  expect((await (await server.api("/api/info")).json()).tgcfVersion).toBe("1.1.8");
});
