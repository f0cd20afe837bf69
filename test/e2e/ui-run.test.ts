// Running tgcf from the browser: start, the live log, restart to apply, a server restart under an open log, stop;
// and screenshots of every page.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser, watchForPageProblems, PHONE, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import {
  ARTIFACTS_DIR,
  horizontalOverflow,
  openPage,
  PAGE_TITLES,
  publishScreenshot,
  runnableConfig,
  screenshotEveryWay,
  signIn,
  UI_TIMEOUT_MS,
  writeConfig,
  type PageName,
} from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
/** The fake tgcf prints a line this often while live. */
const TICK_MS = "100";

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  server = new ServerProcess({ port: await freePort(), dataDir, env: { FAKE_TGCF_TICK_MS: TICK_MS } });
  await server.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
  await signIn(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const badge = () => page.locator("#process-state");
const waitForState = (word: string) => page.locator("#process-state", { hasText: word }).waitFor({ timeout: UI_TIMEOUT_MS });
const renderedSeqs = () => page.locator(".log-rows .log-row").evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.seq)));
const pidShown = () => page.locator(".process dt", { hasText: "PID" }).locator("xpath=following-sibling::dd").textContent();

async function waitForSeqAbove(seq: number): Promise<number[]> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const seqs = await renderedSeqs();
    if (Math.max(0, ...seqs) > seq) return seqs;
    if (Date.now() > deadline) throw new Error(`no log line after seq ${seq} within ${UI_TIMEOUT_MS} ms; server said:\n${server.log}`);
    await page.waitForTimeout(100);
  }
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await page.waitForTimeout(100);
  }
}

function expectStrictlyIncreasing(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++) if (!(seqs[i]! > seqs[i - 1]!)) throw new Error(`seq ${seqs[i]} follows ${seqs[i - 1]} (duplicate or out of order)`);
}

describe("running tgcf", () => {
  test("Start runs tgcf: the badge turns running and its coloured lines arrive with timestamps, without file links", async () => {
    await openPage(page, "run");
    // An unsaved run setting is not what tgcf would use: Start asks first, and Go back starts nothing.
    await page.getByRole("radio", { name: "past" }).check();
    // Past mode with a bot account is flagged as soon as it is chosen, not at Start.
    await page.locator(".past-needs-user").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Start", exact: true }).click();
    const ask = page.getByRole("dialog", { name: "Save the run settings and start?" });
    await ask.getByRole("button", { name: "Go back" }).click();
    expect(await (await server.api("api/status")).json()).toMatchObject({ isRunning: false });
    await page.getByRole("radio", { name: "live" }).check();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await waitForState("Running");
    await page.locator(".log-rows .log-row", { hasText: "tgcf.config.json detected!" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForSeqAbove(5);

    expect(await page.locator(".log-rows .log-row time[datetime]").count()).toBeGreaterThan(5);
    expect(await page.locator(".log-rows [class*='ansi-fg-']").count()).toBeGreaterThan(0);
    expect(await page.locator(".log-rows a").count()).toBe(0);
    expect(await page.locator(".log-rows").textContent()).not.toContain("file://");
    expect(await page.locator(".log-rows .stream-system").count()).toBeGreaterThan(0);
    expect(await page.locator(".log-rows .stream-stdout").count()).toBeGreaterThan(0);
  }, BROWSER_TEST_MS);

  test("reloading the Run page keeps the session, tgcf's state and the log so far", async () => {
    const seen = await waitForSeqAbove(5);
    await page.reload();
    await waitForState("Running");
    await until("the earlier lines are back", async () => (await renderedSeqs()).includes(seen[seen.length - 1]!));
    expectStrictlyIncreasing(await renderedSeqs());
  }, BROWSER_TEST_MS);

  test("a setting saved while tgcf runs offers a restart, which starts a new tgcf", async () => {
    const pidBefore = await pidShown();
    await page.getByRole("switch", { name: "Sync deletions" }).check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("restart it to apply").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Restart tgcf" }).click();
    await page.getByText("tgcf restarted").waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForState("Running");
    expect(await pidShown()).not.toBe(pidBefore);
  }, BROWSER_TEST_MS);

  test("the open log resumes after the server restarts: new lines, no duplicates, no gaps in order", async () => {
    const before = await waitForSeqAbove(10);
    const lastBefore = Math.max(...before);
    await server.stop();
    await page.locator(".log-connection", { hasText: "Disconnected" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await server.start();
    await page.locator(".log-connection", { hasText: "Live" }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The server starts tgcf again (it was running) and its new lines follow the old ones.
    const after = await waitForSeqAbove(lastBefore + 5);
    expectStrictlyIncreasing(after);
    expect(after).toContain(lastBefore);
    await waitForState("Running");
  }, BROWSER_TEST_MS);

  test("every page renders at desktop and phone width, light and dark, without sideways scrolling", async () => {
    for (const name of Object.keys(PAGE_TITLES) as PageName[]) {
      await openPage(page, name);
      const files = await screenshotEveryWay(page, name);
      if (name === "run") publishScreenshot(files[0]!, "run.png");
      await page.setViewportSize(PHONE);
      expect({ page: name, overflow: await horizontalOverflow(page) }).toEqual({ page: name, overflow: 0 });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    // On a phone the navigation folds into a menu, which opens and leads to a page.
    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: "Menu" }).click();
    expect(await page.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("true");
    await page.screenshot({ path: `${ARTIFACTS_DIR}/menu-phone-light.png` });
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Admins" }).click();
    await page.getByRole("heading", { level: 1, name: "Admins" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Admins" }).isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, BROWSER_TEST_MS);

  test("Stop ends tgcf: the badge says so and shows how it exited, as a stop rather than a failure", async () => {
    await openPage(page, "run");
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await page.locator("#process-state", { hasText: /Stopped|Exited/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const lastExit = await page.locator(".last-exit.outcome-stopped").textContent();
    expect(lastExit).toMatch(/Stopped \((exit code|killed by)/);
    expect(await badge().textContent()).not.toContain("Running");
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
