// The UI behind a reverse proxy's sub-path (https://host/tgcf/): every URL it uses is relative, HTTP and WebSocket alike.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Server } from "bun";
import type { Page } from "playwright-core";
import { launchBrowser, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { startSubPathProxy } from "./helpers/sub-path-proxy.ts";
import { openPage, readConfig, runnableConfig, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;
const SUB_PATH = "/tgcf";

let server: ServerProcess;
let proxy: Server<unknown>;
let proxiedUrl: string;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;
const requestedPaths: string[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  server = new ServerProcess({ port: await freePort(), dataDir, env: { FAKE_TGCF_TICK_MS: "100" } });
  await server.start();
  const proxyPort = await freePort();
  proxy = startSubPathProxy(SUB_PATH, server.url, proxyPort) as unknown as Server<unknown>;
  proxiedUrl = `http://127.0.0.1:${proxyPort}${SUB_PATH}/`;
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
  page.on("request", (request) => requestedPaths.push(new URL(request.url()).pathname));
  page.on("websocket", (socket) => requestedPaths.push(new URL(socket.url()).pathname));
});

afterAll(async () => {
  await browser?.close();
  proxy?.stop(true);
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("under a sub-path the UI signs in, saves, runs tgcf and streams its log, asking only for URLs under that path", async () => {
  await page.goto(proxiedUrl);
  await signIn(page, proxiedUrl);

  await openPage(page, "admins");
  await page.getByRole("button", { name: "Add admin" }).click();
  await page.locator("#field-admins-0").fill("@boss");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(readConfig(dataDir).admins).toEqual(["@boss"]);

  await openPage(page, "run");
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await page.locator(".log-rows .log-row", { hasText: "forwarded message" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.locator("#process-state", { hasText: /Stopped|Exited/ }).waitFor({ timeout: UI_TIMEOUT_MS });

  expect(requestedPaths).toContain(`${SUB_PATH}/ws/logs`);
  expect(requestedPaths.filter((path) => !path.startsWith(`${SUB_PATH}/`))).toEqual([]);
  expect(pageProblems).toEqual([]);
}, BROWSER_TEST_MS);
