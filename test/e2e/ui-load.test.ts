// Loading the UI: the first thing painted stays where it is (no layout shift), nothing fails in the console before
// sign-in, the favicon is served, and scripts and styles arrive compressed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { DESKTOP, launchBrowser, PHONE, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { runnableConfig, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;
/** Cumulative Layout Shift a load may cause: a tenth of the "good" limit (0.1) of Core Web Vitals. */
const MAX_LOAD_CLS = 0.01;

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let consoleErrors: string[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  server = new ServerProcess({ port: await freePort(), dataDir });
  await server.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  // Every layout shift not caused by input since the page began loading, summed (the CLS of the load).
  await page.addInitScript(() => {
    (window as unknown as { layoutShift: number }).layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) (window as unknown as { layoutShift: number }).layoutShift += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The load's layout shift, read once two frames have been painted after `ready` (so late shifts are counted). */
async function layoutShiftAfter(ready: () => Promise<void>): Promise<number> {
  await ready();
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve((window as unknown as { layoutShift: number }).layoutShift))),
      ),
  );
}

describe("loading the page", () => {
  for (const size of [DESKTOP, PHONE]) {
    test(`a first visit at ${size.width} px shows the sign-in form at once: no layout shift, no console error`, async () => {
      await page.setViewportSize(size);
      consoleErrors = [];
      await page.context().clearCookies();
      await page.goto(server.url);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      const shift = await layoutShiftAfter(() => page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS }));
      expect(shift).toBeLessThan(MAX_LOAD_CLS);
      expect(consoleErrors).toEqual([]);
    }, BROWSER_TEST_MS);
  }

  test("a returning visit opens the app where it was, without a layout shift", async () => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, server.url);
    await page.reload();
    const shift = await layoutShiftAfter(() => page.locator("main h1").waitFor({ timeout: UI_TIMEOUT_MS }));
    expect(shift).toBeLessThan(MAX_LOAD_CLS);
  }, BROWSER_TEST_MS);

  test("a session that ended since still leads to the sign-in form", async () => {
    await page.context().clearCookies();
    await page.reload();
    await page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("the favicon is the bundled SVG, served with the page's assets", async () => {
    const href = await page.locator('link[rel="icon"]').evaluate((link) => (link as HTMLLinkElement).href);
    expect(href).toMatch(/\/assets\/favicon-[a-z0-9]+\.svg$/);
    const response = await fetch(href);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toStartWith("image/svg+xml");
    expect(await response.text()).toStartWith("<svg");
  }, BROWSER_TEST_MS);

  test("scripts and styles arrive compressed", async () => {
    await page.goto(server.url);
    await page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS });
    const assets = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((entry) => /\.(js|css)$/.test(new URL(entry.name).pathname))
        .map((entry) => ({ name: entry.name, encoded: entry.encodedBodySize, decoded: entry.decodedBodySize })),
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(asset.encoded).toBeLessThan(asset.decoded / 2);
  }, BROWSER_TEST_MS);

  test("no script error or CSP violation", () => {
    expect(pageProblems).toEqual([]);
  });
});
