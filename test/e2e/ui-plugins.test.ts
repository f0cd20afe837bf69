// The Plugins page in a real browser: plugins that are off are one line; switched on they open; every choice reads as
// words; the watermark is an uploaded image whose path the page saves.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { FILE_TYPE_WORDS } from "../../public/pages/plugin-words.ts";
import { UPLOADABLE_WATERMARK_BYTES } from "../../src/modules/uploads/limits.ts";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { openPage, readConfig, runnableConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
/** A card that is one line (heading and switch) is no taller than this, padding included. */
const ONE_LINE_CARD_MAX_PX = 72;
/** The smallest valid PNG: one transparent pixel. */
const ONE_PIXEL_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

let session: BrowserSession;
let server: ServerProcess;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  session = await openBrowserSession();
  ({ server, page, pageProblems, dataDir } = session);
  await openPage(page, "plugins");
});

afterAll(() => session?.close());

const card = (title: string) => page.locator("section.plugin").filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });
const switchOf = (label: string) => page.getByRole("switch", { name: label });
const saved = () => page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });

describe("the Plugins page", () => {
  test("a plugin that is off is one line: its name and its switch, nothing else", async () => {
    const cards = page.locator("section.plugin");
    await cards.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const count = await cards.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let index = 0; index < count; index++) {
      const plugin = cards.nth(index);
      expect(await plugin.locator("input, select, textarea, button").count()).toBe(1);
      expect(await plugin.getByRole("switch").isChecked()).toBe(false);
      expect((await plugin.boundingBox())!.height).toBeLessThanOrEqual(ONE_LINE_CARD_MAX_PX);
    }
    await screenshotEveryWay(page, "plugins-off");
  }, BROWSER_TEST_MS);

  test("switching a plugin on opens its settings; switching it off closes them again", async () => {
    await switchOf("Use filters").check();
    await card("Filter").getByRole("group", { name: "Blocked file types" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await card("Filter").locator("input").count()).toBeGreaterThan(10);
    await switchOf("Use filters").uncheck();
    await card("Filter").getByRole("group", { name: "Blocked file types" }).waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("every choice reads as words, never as tgcf's option names", async () => {
    for (const label of ["Use filters", "Use format", "Use watermark", "Use another sender"]) await switchOf(label).check();
    const fileTypes = await card("Filter").getByRole("group", { name: "Blocked file types" }).locator("label.choice-option").allTextContents();
    expect(fileTypes.map((text) => text.trim())).toEqual(Object.values(FILE_TYPE_WORDS));
    const labels = await page.locator("section.plugin").locator("label, option, legend").allTextContents();
    const raw = labels.filter((text) => /_|\bnofile\b/.test(text));
    expect(raw).toEqual([]);
    expect(await page.locator("main").innerText()).not.toContain("nofile");
  }, BROWSER_TEST_MS);

  test("the watermark is an uploaded image: bytes that are not an image or too large are refused, a PNG's path is saved", async () => {
    const input = page.getByLabel("Watermark image");
    await input.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("these are notes, not a picture") });
    await card("Watermark").getByRole("alert").filter({ hasText: "not a image/png image" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(existsSync(join(dataDir, "instances", "default", "uploads", "watermark.png"))).toBe(false);

    const tooLarge = Buffer.alloc(UPLOADABLE_WATERMARK_BYTES + 1);
    ONE_PIXEL_PNG.copy(tooLarge);
    await input.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: tooLarge });
    await card("Watermark").getByRole("alert").filter({ hasText: `may be at most ${UPLOADABLE_WATERMARK_BYTES / 1024 / 1024} MiB` }).waitFor({ timeout: UI_TIMEOUT_MS });

    await input.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: ONE_PIXEL_PNG });
    await card("Watermark").getByText("Uploaded logo.png. Save to use it.").waitFor({ timeout: UI_TIMEOUT_MS });
    await card("Watermark").getByText("uploads/watermark.png").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(readFileSync(join(dataDir, "instances", "default", "uploads", "watermark.png"))).toEqual(ONE_PIXEL_PNG);
    await screenshotEveryWay(page, "plugins-on");

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved();
    const config = readConfig(dataDir);
    expect(config.plugins.mark).toMatchObject({ check: true, image: "uploads/watermark.png" });
  }, BROWSER_TEST_MS);

  test("with plugins open and an upload shown, axe finds no serious or critical violation in light or dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(describeViolations(`plugins open (${colorScheme})`, await seriousViolations(page))).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });
  }, BROWSER_TEST_MS);

  test("no script error or CSP violation", () => {
    expect(pageProblems).toEqual([]);
  });
});
