// Saves that send only what the person changed (JSON Patch guarded by tests), in a real browser against the real
// server, with the file changed behind the page's back the way tgcf (an offset) or another tab would.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import { DESKTOP, launchBrowser, PHONE, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { ARTIFACTS_DIR, changeConfigOnDisk, openPageAfresh, readConfig, runnableConfig, saveBarButton, saveBarSaved, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;
/** Enough connections that the Connections page scrolls under the pinned save bar. */
const CONNECTION_COUNT = 6;

let session: BrowserSession;
let server: ServerProcess;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

function manyConnections(): Record<string, any> {
  const config = runnableConfig() as Record<string, any>;
  config.forwards = Array.from({ length: CONNECTION_COUNT }, (_, index) => ({
    con_name: `news ${index + 1}`,
    use_this: true,
    source: -1001234567890 - index,
    dest: [`@mirror${index + 1}`],
    offset: 100 * index,
    end: 0,
  }));
  return config;
}

beforeAll(async () => {
  session = await openBrowserSession({ config: manyConnections() });
  ({ server, page, pageProblems, dataDir } = session);
}, BROWSER_TEST_MS);

afterAll(() => session?.close());


/** The box of `locator` lies within the viewport and above the save bar (which would otherwise cover it). */
async function expectOnScreenAboveTheBar(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  const bar = await page.locator(".save-bar").boundingBox();
  const viewport = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(bar).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(bar!.y + 0.5);
  expect(bar!.y + bar!.height).toBeLessThanOrEqual(viewport.height + 0.5);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width + 0.5);
}

const focusIsIn = (selector: string) => page.evaluate((wanted) => document.activeElement?.closest(wanted) !== null, selector);
const focusIsOnBody = () => page.evaluate(() => document.activeElement === null || document.activeElement === document.body);
/** Focus moves once the page has drawn the outcome: wait until it left the body, or fail. */
const focusLeavesBody = () => page.waitForFunction(() => document.activeElement !== null && document.activeElement !== document.body, undefined, { timeout: UI_TIMEOUT_MS });

async function screenshot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

describe("saving only what changed", () => {
  test("a destination edited while tgcf moves an offset of the same connection: both are in the file", async () => {
    await openPageAfresh(page, "connections");
    await page.locator("#field-forwards-1-dest-0").fill("@edited");
    changeConfigOnDisk(dataDir, (config) => (config.forwards[1].offset = 4242));

    await saveBarButton(page).click();
    await saveBarSaved(page);
    const forward = readConfig(dataDir).forwards[1];
    expect(forward.dest).toEqual(["@edited"]);
    expect(forward.offset).toBe(4242);
    // The page shows the offset tgcf wrote, and a later save does not move it back.
    expect(await page.locator("#field-forwards-1-offset").inputValue()).toBe("4242");
    await focusLeavesBody();
    expect(await focusIsIn(".save-bar")).toBe(true);
  }, BROWSER_TEST_MS);

  test("removing and adding connections keeps offsets tgcf wrote meanwhile into the others", async () => {
    await page.getByRole("button", { name: "Remove news 1" }).click();
    await page.getByRole("dialog", { name: "Remove news 1?" }).getByRole("button", { name: "Remove" }).click();
    changeConfigOnDisk(dataDir, (config) => (config.forwards[3].offset = 777));
    await saveBarButton(page).click();
    await saveBarSaved(page);
    const forwards = readConfig(dataDir).forwards;
    expect(forwards.map((forward: { con_name: string }) => forward.con_name)).toEqual(["news 2", "news 3", "news 4", "news 5", "news 6"]);
    expect(forwards[2].offset).toBe(777);
  }, BROWSER_TEST_MS);
});

describe("a field changed on disk and on the page", () => {
  test("both values are shown per field, on screen above the bar, with focus; keep mine and take theirs are saved as chosen", async () => {
    changeConfigOnDisk(dataDir, (config) => config.forwards.unshift({ con_name: "news 1", use_this: true, source: -1001234567890, dest: ["@mirror1"], offset: 0, end: 0 }));
    await openPageAfresh(page, "connections");
    await page.locator("#field-forwards-0-con_name").fill("name from the page");
    await page.locator("#field-forwards-0-dest-0").fill("@mine");
    changeConfigOnDisk(dataDir, (config) => {
      config.forwards[0].con_name = "name from disk";
      config.forwards[0].dest = ["@theirs"];
      config.forwards[0].offset = 55;
    });

    await saveBarButton(page).click();
    const panel = page.locator(".conflict-panel");
    await panel.waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(() => document.activeElement?.classList.contains("conflict-panel") === true, undefined, { timeout: UI_TIMEOUT_MS });
    await screenshot("conflict-panel-desktop");
    await expectOnScreenAboveTheBar(panel);
    expect(describeViolations("conflict panel", await seriousViolations(page))).toEqual([]);

    const destination = panel.locator(".conflict").filter({ hasText: "@theirs" });
    expect(await destination.textContent()).toContain("@mine");
    const name = panel.locator(".conflict").filter({ hasText: "name from disk" });
    expect(await name.textContent()).toContain("name from the page");
    expect(await panel.locator(".conflict").count()).toBe(2);
    expect(readConfig(dataDir).forwards[0].dest).toEqual(["@theirs"]);

    // On a phone, saving again (the conflicts are still unsettled) shows them again, fully on screen.
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveBarButton(page).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains("conflict-panel") === true, undefined, { timeout: UI_TIMEOUT_MS });
    await screenshot("conflict-panel-phone");
    await expectOnScreenAboveTheBar(panel);
    await page.setViewportSize(DESKTOP);

    await destination.getByRole("radio", { name: "Keep mine" }).check();
    await name.getByRole("radio", { name: "Take theirs" }).check();
    await panel.getByRole("button", { name: "Save with these choices" }).click();
    await saveBarSaved(page);
    const forward = readConfig(dataDir).forwards[0];
    expect(forward).toMatchObject({ con_name: "name from disk", dest: ["@mine"], offset: 55 });
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("name from disk");
    await focusLeavesBody();
  }, BROWSER_TEST_MS);

  test("a connection added on disk before the edited one: the edit follows its connection, no question asked", async () => {
    await page.locator("#field-forwards-2-dest-0").fill("@follows");
    changeConfigOnDisk(dataDir, (config) => config.forwards.unshift({ con_name: "added on disk", use_this: true, source: "@elsewhere", dest: ["@x"], offset: 0, end: 0 }));
    await saveBarButton(page).click();
    await saveBarSaved(page);
    const forwards = readConfig(dataDir).forwards;
    expect(forwards[0].con_name).toBe("added on disk");
    expect(forwards[3].dest).toEqual(["@follows"]);
    expect(forwards[3].con_name).toBe("news 3");
    expect(forwards[2].dest).toEqual(["@edited"]);
  }, BROWSER_TEST_MS);
});

describe("a failed save", () => {
  test("its summary is on screen above the bar and takes focus, at desktop and phone sizes; discarding keeps focus off the page body", async () => {
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await openPageAfresh(page, "connections");
      await page.locator("#field-forwards-0-offset").fill("abc");
      await saveBarButton(page).click();
      const summary = page.locator(".save-messages .error-summary");
      await summary.waitFor({ timeout: UI_TIMEOUT_MS });
      await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary") === true, undefined, { timeout: UI_TIMEOUT_MS });
      await expectOnScreenAboveTheBar(summary);
      expect(await summary.textContent()).toContain("Start after message");
      await screenshot(`save-error-${size === PHONE ? "phone" : "desktop"}`);
      expect(describeViolations("error summary", await seriousViolations(page))).toEqual([]);

      await page.locator(".save-bar").getByRole("button", { name: "Discard changes" }).click();
      expect(await focusIsOnBody()).toBe(false);
      expect(await focusIsIn(".save-bar")).toBe(true);
    }
    await page.setViewportSize(DESKTOP);
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
