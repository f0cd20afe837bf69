// The config pages in a real browser against the real server: sign-in, saving, errors, conflicts, guards, sign-out.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { E2E_TOKEN, freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { configBytes, openPage, readConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = new ServerProcess({ port: await freePort(), dataDir });
  await server.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const rawSaveButton = () => page.getByRole("region", { name: "Raw configuration" }).getByRole("button", { name: "Save", exact: true });
const saveButton = () => page.getByRole("button", { name: "Save", exact: true });
const saved = () => page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });

describe("config pages", () => {
  test("signing in with the token opens the app and keeps the token out of browser storage", async () => {
    await page.goto(server.url);
    await page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshotEveryWay(page, "sign-in");
    await page.getByLabel("Token").fill("not-the-token-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That token is not right").waitFor({ timeout: UI_TIMEOUT_MS })).resolves.toBeUndefined();

    await signIn(page, server.url);
    await page.getByRole("heading", { level: 1, name: "Run" }).waitFor();
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(E2E_TOKEN);
  }, BROWSER_TEST_MS);

  test("the account page saves secrets and then shows them only as set", async () => {
    await openPage(page, "account");
    await page.getByLabel("API ID").fill("4242");
    await page.getByRole("button", { name: "Set API hash" }).click();
    await page.getByLabel("API hash: new value").fill("feedfacefeedfacefeedfacefeedface");
    await page.getByRole("button", { name: "Set Bot token" }).click();
    await page.getByLabel("Bot token: new value").fill("424242:secret-bot-token");
    await saveButton().click();
    await saved();

    const config = readConfig(dataDir);
    expect(config.login.API_ID).toBe(4242);
    expect(config.login.API_HASH).toBe("feedfacefeedfacefeedfacefeedface");
    expect(config.login.BOT_TOKEN).toBe("424242:secret-bot-token");

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Telegram account" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Replace API hash" }).waitFor({ timeout: UI_TIMEOUT_MS });
    const html = await page.content();
    expect(html).not.toContain("feedfacefeedface");
    expect(html).not.toContain("secret-bot-token");
    expect(await page.locator("#field-login-API_HASH .secret-state").textContent()).toBe("set");
  }, BROWSER_TEST_MS);

  test("a new connection is saved to tgcf.config.json", async () => {
    await openPage(page, "connections");
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.locator("#field-forwards-0-con_name").fill("news");
    await page.locator("#field-forwards-0-source").fill("-1001234567890");
    await page.getByRole("button", { name: "Add destination" }).click();
    await page.locator("#field-forwards-0-dest-0").fill("@mirror");
    await saveButton().click();
    await saved();

    const forward = readConfig(dataDir).forwards[0];
    expect(forward).toMatchObject({ con_name: "news", use_this: true, source: -1001234567890, dest: ["@mirror"] });
  }, BROWSER_TEST_MS);

  test("connections can be duplicated, reordered, and removed only after confirming", async () => {
    const names = () => page.locator("article.connection h2").allTextContents();
    await page.getByRole("button", { name: "Duplicate news" }).click();
    expect(await names()).toEqual(["news", "news (copy)"]);
    await page.getByRole("button", { name: "Move down news", exact: true }).click();
    expect(await names()).toEqual(["news (copy)", "news"]);

    await page.getByRole("button", { name: "Remove news (copy)" }).click();
    // Tab and Shift+Tab stay inside the confirmation.
    await page.getByRole("dialog", { name: "Remove news (copy)?" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(() => document.activeElement?.closest("dialog.confirm") !== null, undefined, { timeout: UI_TIMEOUT_MS });
    for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => document.activeElement?.closest("dialog.confirm") !== null)).toBe(true);
    }
    await page.getByRole("dialog", { name: "Remove news (copy)?" }).getByRole("button", { name: "Cancel" }).click();
    expect(await names()).toEqual(["news (copy)", "news"]);
    await page.getByRole("button", { name: "Remove news (copy)" }).click();
    await page.getByRole("dialog", { name: "Remove news (copy)?" }).getByRole("button", { name: "Remove" }).click();
    expect(await names()).toEqual(["news"]);
    // Back where it started: nothing to save.
    expect(await saveButton().isDisabled()).toBe(true);
  }, BROWSER_TEST_MS);

  test("an invalid value shows the server's error at its field and leaves the file untouched", async () => {
    const before = configBytes(dataDir);
    await page.locator("#field-forwards-0-offset").fill("abc");
    await saveButton().click();
    const fieldErrors = page.locator("#field-forwards-0-offset-errors .field-error");
    await fieldErrors.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await fieldErrors.first().textContent())?.length).toBeGreaterThan(0);
    expect(await page.getByRole("alert").filter({ hasText: "Start after message" }).count()).toBe(1);
    expect(configBytes(dataDir)).toBe(before);

    await page.locator("#field-forwards-0-offset").fill("7");
    await fieldErrors.first().waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await saveButton().click();
    await saved();
    expect(readConfig(dataDir).forwards[0].offset).toBe(7);
  }, BROWSER_TEST_MS);

  test("a change made elsewhere to another field is kept: the save sends only the page's change, without asking", async () => {
    await page.locator("#field-forwards-0-con_name").fill("news from the page");
    const onDisk = readConfig(dataDir);
    onDisk.admins = [777];
    writeConfig(dataDir, onDisk);

    await saveButton().click();
    await saved();
    expect(await page.locator(".conflict-panel").count()).toBe(0);

    const merged = readConfig(dataDir);
    expect(merged.admins).toEqual([777]);
    expect(merged.forwards[0].con_name).toBe("news from the page");
  }, BROWSER_TEST_MS);

  test("leaving a page with unsaved changes asks first, and staying keeps them", async () => {
    await page.locator("#field-forwards-0-con_name").fill("unsaved name");
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Plugins" }).click();
    await page.getByRole("dialog", { name: "Leave without saving?" }).waitFor();
    await page.getByRole("button", { name: "Stay on this page" }).click();
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("unsaved name");

    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Plugins" }).click();
    await page.getByRole("button", { name: "Discard changes and leave" }).click();
    await page.getByRole("heading", { level: 1, name: "Plugins" }).waitFor();
    await openPage(page, "connections");
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("news from the page");
  }, BROWSER_TEST_MS);

  test("reloading warns about unsaved changes and keeps the session, the config and the unsaved edits", async () => {
    await page.locator("#field-forwards-0-con_name").fill("typed before reload");
    let warned = false;
    page.once("dialog", (dialog) => {
      warned = dialog.type() === "beforeunload";
      void dialog.accept();
    });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Connections" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator("#field-forwards-0-con_name").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(warned).toBe(true);
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("typed before reload");
    expect(await page.locator("#field-forwards-0-dest-0").inputValue()).toBe("@mirror");
    await page.getByRole("button", { name: "Discard changes" }).click();
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("news from the page");
  }, BROWSER_TEST_MS);

  test("an ended session returns to sign-in without losing what was typed", async () => {
    const origin = server.url.replace(/\/$/, "");
    const logout = await page.context().request.post(server.url + "api/logout", { headers: { origin } });
    expect(logout.status()).toBe(200);

    await page.locator("#field-forwards-0-con_name").fill("typed while signed out");
    await saveButton().click();
    await page.getByText("Your session has ended").waitFor({ timeout: UI_TIMEOUT_MS });
    await signIn(page, server.url);
    await page.getByRole("heading", { level: 1, name: "Connections" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator("#field-forwards-0-con_name").inputValue()).toBe("typed while signed out");
    await saveButton().click();
    await saved();
    expect(readConfig(dataDir).forwards[0].con_name).toBe("typed while signed out");
  }, BROWSER_TEST_MS);

  test("the raw editor shows a validation error at its path and line, writes nothing, then saves YAML", async () => {
    await openPage(page, "advanced");
    await page.getByLabel("Format").selectOption("yaml");
    const editor = page.locator("#raw-config");
    await page.waitForFunction(() => (document.querySelector("#raw-config") as HTMLTextAreaElement | null)?.value.includes("delay:"));
    const yaml = await editor.inputValue();
    const before = configBytes(dataDir);

    await editor.fill(yaml.replace(/delay: \d+/, "delay: abc"));
    await rawSaveButton().click();
    // A readable path (titles, counted from 1), with the JSON pointer in its tooltip, and the line it is on.
    const error = page.getByRole("alert").locator("li", { hasText: "Past mode › Delay" });
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.locator(".error-path").getAttribute("title")).toBe("/past/delay");
    await error.getByRole("button", { name: /^line \d+$/ }).click();
    const selected = await editor.evaluate((area: HTMLTextAreaElement) => area.value.slice(area.selectionStart, area.selectionEnd));
    expect(selected.trim()).toBe("delay: abc");
    expect(configBytes(dataDir)).toBe(before);

    await editor.fill(yaml.replace(/delay: \d+/, "delay: 5"));
    await rawSaveButton().click();
    await page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(readConfig(dataDir).past.delay).toBe(5);
  }, BROWSER_TEST_MS);

  test("a backup shows how it differs from the current config and can be restored", async () => {
    const newest = page.locator(".backup-list li button").first();
    // Labelled by the version it holds: when it was saved and by whom, not when it was replaced.
    expect(await newest.textContent()).toMatch(/^saved .+ by web UI/);
    await newest.click();
    await page.locator(".diff .diff-removed", { hasText: '"delay": 5' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Restore this version" }).click();
    expect(await page.getByRole("dialog", { name: "Restore this version?" }).textContent()).toMatch(/\d+ settings? will change, as shown below/);
    await page.getByRole("dialog", { name: "Restore this version?" }).getByRole("button", { name: "Restore" }).click();
    await page.getByText("Restored the version").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(readConfig(dataDir).past.delay).toBe(0);
    // The pressed button went away with the version shown: focus is on the outcome, not dropped to the page's body.
    await page.waitForFunction(() => document.activeElement?.textContent?.includes("Restored the version") === true, undefined, { timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("the about panel names the server and tgcf versions", async () => {
    const about = page.getByRole("region", { name: "About" });
    await about.getByText("1.1.8").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await about.textContent()).toContain("tgcf version");
  }, BROWSER_TEST_MS);

  test("a config file broken on disk sends the forms to the raw editor, where a full save repairs it", async () => {
    const broken = readConfig(dataDir);
    broken.forwards[0].offset = "abc";
    writeConfig(dataDir, broken);
    await openPage(page, "connections");
    await page.reload();
    await page.getByText("The config file on disk is not valid").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Open the raw editor" }).click();
    await page.getByRole("heading", { level: 1, name: "Advanced" }).waitFor();
    await page.getByRole("alert").locator("li", { hasText: "Connections › 1 › Start after message" }).first().waitFor({ timeout: UI_TIMEOUT_MS });

    const editor = page.locator("#raw-config");
    expect(await editor.inputValue()).toContain('"abc"');
    await editor.fill((await editor.inputValue()).replace('"abc"', "3"));
    await rawSaveButton().click();
    await page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(readConfig(dataDir).forwards[0].offset).toBe(3);
    await openPage(page, "connections");
    expect(await page.locator("#field-forwards-0-offset").inputValue()).toBe("3");
  }, BROWSER_TEST_MS);

  test("signing out returns to sign-in and ends the session", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS });
    const status = await page.evaluate(() => fetch("api/status").then((response) => response.status));
    expect(status).toBe(401);
  }, BROWSER_TEST_MS);
});

describe("keyboard", () => {
  test("signing in and moving between pages works from the keyboard alone, with visible focus", async () => {
    await page.goto(server.url);
    await page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(() => document.activeElement?.id === "token", undefined, { timeout: UI_TIMEOUT_MS });
    await page.keyboard.type(E2E_TOKEN);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Pages" }).waitFor({ timeout: UI_TIMEOUT_MS });

    const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    for (let presses = 0; (await focusedText()) !== "Connections"; presses++) {
      if (presses > 15) throw new Error("Tab never reached the Connections link");
      await page.keyboard.press("Tab");
    }
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Connections" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "page-title", undefined, { timeout: UI_TIMEOUT_MS });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("field-forwards-0-use_this");
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
