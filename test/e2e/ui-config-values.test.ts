// Values the forms used to misread or could not express, in a real browser against the real server: an explicit null
// (Delete on edit off, no end), warnings about the file at their fields or listed on their page, and odd values on
// disk (mode 5) shown as they are and kept until the person changes them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { ARTIFACTS_DIR, changeConfigOnDisk, openPageAfresh, readConfig, runnableConfig, saveBarButton, saveBarSaved, screenshotEveryWay, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;

let session: BrowserSession;
let server: ServerProcess;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  session = await openBrowserSession({ config: { ...runnableConfig(), live: { sequential_updates: false, delete_sync: false, delete_on_edit: ".deleteMe" } } });
  ({ server, page, pageProblems, dataDir } = session);
}, BROWSER_TEST_MS);

afterAll(() => session?.close());


async function screenshotOf(selector: string, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.locator(selector).first().screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

describe("explicit null", () => {
  test("Delete on edit can be turned Off, which saves null (an empty text would not be off), and reads back as Off", async () => {
    await openPageAfresh(page, "run");
    const field = page.getByRole("group", { name: "Delete on edit" });
    expect(await field.textContent()).toContain("An empty text is not off");
    await field.getByRole("checkbox", { name: "Off" }).check();
    expect(await field.getByRole("textbox").count()).toBe(0);
    await screenshotOf(".run-settings", "delete-on-edit-off");
    await saveBarButton(page).click();
    await saveBarSaved(page);
    expect(readConfig(dataDir).live.delete_on_edit).toBeNull();

    await openPageAfresh(page, "run");
    expect(await page.getByRole("group", { name: "Delete on edit" }).getByRole("checkbox", { name: "Off" }).isChecked()).toBe(true);
    // Switched back on, the text it had comes back.
    await page.getByRole("group", { name: "Delete on edit" }).getByRole("checkbox", { name: "Off" }).uncheck();
    expect(await page.locator("#field-live-delete_on_edit").inputValue()).toBe(".deleteMe");
    await page.locator(".save-bar").getByRole("button", { name: "Discard changes" }).click();
  }, BROWSER_TEST_MS);

  test("a connection's end can be set to No end, which saves null", async () => {
    await openPageAfresh(page, "connections");
    await page.getByRole("group", { name: "Stop at message" }).getByRole("checkbox", { name: "No end" }).check();
    await screenshotOf(".past-range", "connection-no-end");
    await saveBarButton(page).click();
    await saveBarSaved(page);
    const forward = readConfig(dataDir).forwards[0];
    expect(forward.end).toBeNull();
    expect(forward.offset).toBe(0);
  }, BROWSER_TEST_MS);
});

describe("warnings about the file", () => {
  test("a typo key (plugins.filters) is listed on the Plugins page with the key it probably means, and can be removed", async () => {
    changeConfigOnDisk(dataDir, (config) => (config.plugins = { ...config.plugins, filters: { check: true } }));
    await openPageAfresh(page, "plugins");
    const warnings = page.locator(".config-warnings");
    await warnings.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await warnings.textContent()).toContain("did you mean /plugins/filter?");
    await screenshotOf(".config-warnings", "warning-typo-key");
    expect(describeViolations("plugins page with a warning", await seriousViolations(page))).toEqual([]);

    await warnings.getByRole("button", { name: "Remove /plugins/filters" }).click();
    await saveBarButton(page).click();
    await saveBarSaved(page);
    expect(readConfig(dataDir).plugins.filters).toBeUndefined();
    await warnings.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("a value tgcf reads differently is warned about at its field (delay 500 is read as 100)", async () => {
    changeConfigOnDisk(dataDir, (config) => (config.past = { delay: 500 }));
    await openPageAfresh(page, "run");
    const warning = page.locator("#field-past-delay-errors .field-warning");
    await warning.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await warning.textContent()).toContain("100");
    expect(await page.locator(".config-warnings").textContent()).toContain("Delay");
  }, BROWSER_TEST_MS);
});

describe("values the forms have no choice for", () => {
  test("mode 5 is shown as it is with a note, kept by a save of another field, and can be fixed", async () => {
    changeConfigOnDisk(dataDir, (config) => (config.mode = 5));
    await openPageAfresh(page, "run");
    const mode = page.getByRole("group", { name: "Mode", exact: true });
    const asInFile = mode.getByRole("radio", { name: "5 (as in the file)" });
    await asInFile.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await asInFile.isChecked()).toBe(true);
    expect(await mode.textContent()).toContain("none of the choices");
    await screenshotOf("#field-mode", "mode-5-as-in-file");
    expect(describeViolations("run page with mode 5 and warnings", await seriousViolations(page))).toEqual([]);
    await screenshotEveryWay(page, "run-warnings");

    await page.getByRole("group", { name: "Delete on edit" }).getByRole("checkbox", { name: "Off" }).uncheck();
    await saveBarButton(page).click();
    await saveBarSaved(page);
    expect(readConfig(dataDir).mode).toBe(5);

    await mode.getByRole("radio", { name: "live" }).check();
    await saveBarButton(page).click();
    await saveBarSaved(page);
    expect(readConfig(dataDir).mode).toBe(0);
    expect(await page.getByRole("radio", { name: "5 (as in the file)" }).count()).toBe(0);
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
