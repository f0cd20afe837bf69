// "Move to a new instance" on the Connections page, in Chromium: the chosen connection leaves this instance for a
// new one with a copy of the plugins and no login, and the person is led to sign the new instance in.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { openPage, readConfig, runnableConfig, screenshotEveryWay, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
const CONNECTIONS = [
  { con_name: "news", use_this: true, source: -1001234567890, dest: ["@mirror"], offset: 12, end: 0 },
  { con_name: "shop offers", use_this: true, source: "@shop_offers", dest: ["@offers_copy"], offset: 340, end: 0 },
];
const PLUGINS = { replace: { check: true, text: { cheap: "affordable" } } };

let server: ServerProcess;
let session: BrowserSession;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  session = await openBrowserSession({ config: { ...runnableConfig(), forwards: CONNECTIONS, plugins: PLUGINS } });
  ({ server, page, pageProblems, dataDir } = session);
});

afterAll(async () => {
  await session?.close();
});

const moveSection = () => page.locator("section.move-connections");
const configOf = (id: string) => JSON.parse(readFileSync(join(dataDir, "instances", id, "tgcf.config.json"), "utf8"));

describe("moving a connection to a new instance", () => {
  test("unsaved edits to the connections must be saved first: nothing moves", async () => {
    await openPage(page, "connections");
    await page.getByRole("button", { name: "Move to a new instance…" }).click();
    await page.locator("#field-forwards-0-con_name").fill("news (edited)");
    await moveSection().getByRole("checkbox", { name: /shop offers/ }).check();
    await page.getByLabel("New instance id").fill("shop");
    await moveSection().getByRole("button", { name: "Move 1 connection" }).click();
    await moveSection().getByRole("alert").filter({ hasText: "Save or discard your changes" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(readConfig(dataDir).forwards).toHaveLength(2);
    await page.locator(".save-bar").getByRole("button", { name: "Discard changes" }).click();
  }, BROWSER_TEST_MS);

  test("the chosen connection moves with a copy of the plugins, the old instance keeps the other, and the new one's sign-in page opens", async () => {
    await openPage(page, "connections");
    if (await page.getByRole("button", { name: "Move to a new instance…" }).isVisible()) await page.getByRole("button", { name: "Move to a new instance…" }).click();
    const shop = moveSection().getByRole("checkbox", { name: /shop offers/ });
    if (!(await shop.isChecked())) await shop.check();
    await page.getByLabel("New instance id").fill("shop");
    await page.getByLabel("Name (optional)").last().fill("Shop relay");
    await screenshotEveryWay(page, "instances-move-form");
    expect(describeViolations("move form", await seriousViolations(page))).toEqual([]);
    await moveSection().getByRole("button", { name: "Move 1 connection" }).click();
    const dialog = page.getByRole("dialog", { name: "Move 1 connection to “Shop relay”?" });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await dialog.textContent()).toContain("not its login");
    await dialog.getByRole("button", { name: "Move" }).click();

    await page.waitForURL(/#\/i\/shop\/account$/, { timeout: UI_TIMEOUT_MS });
    await page.getByRole("heading", { level: 1, name: "Telegram account" }).waitFor({ timeout: UI_TIMEOUT_MS });

    const moved = configOf("shop");
    expect(moved.forwards).toEqual([CONNECTIONS[1]]);
    expect(moved.plugins.replace).toMatchObject(PLUGINS.replace);
    expect(moved.login.BOT_TOKEN).toBe("");
    expect(readConfig(dataDir).forwards).toEqual([CONNECTIONS[0]]);

    // The new instance's Connections page shows the moved connection; the old one's no longer does.
    await openPage(page, "connections");
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("shop offers");
    // An address naming another instance reloads the page on that instance.
    await page.goto(`${server.url}#/connections`);
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLInputElement>("input[id^='field-forwards-'][id$='-con_name']")].map((input) => input.value).join() === "news",
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );
    expect(pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);
});
