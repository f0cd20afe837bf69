// The first minutes: from an empty data dir to a running tgcf, led by the checklist; Save and start.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { ARTIFACTS_DIR, openPage, readConfig, signIn, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 120_000;

let session: BrowserSession;
let server: ServerProcess;
let page: Page;
let dataDir: string;
let pageProblems: string[] = [];

beforeAll(async () => {
  session = await openBrowserSession({ config: null, env: { FAKE_TGCF_TICK_MS: "200" }, signIn: false });
  ({ server, page, pageProblems, dataDir } = session);
});
afterAll(() => session?.close());

const saveButton = () => page.getByRole("button", { name: "Save", exact: true });
const saved = () => page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
const stepState = (title: string) => page.locator(".first-run-steps li", { hasText: title }).locator(".step-state").textContent();

test(
  "an empty data dir: the checklist leads from account to connection to a running tgcf, then goes away",
  async () => {
    await signIn(page, server.url);
    const checklist = page.getByRole("region", { name: "Getting started" });
    await checklist.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await stepState("tgcf is installed")).toBe("Done");
    expect(await stepState("A Telegram account is set")).toBe("To do");
    expect(await stepState("At least one connection")).toBe("To do");
    await page.screenshot({ path: `${ARTIFACTS_DIR}/first-run-checklist.png`, fullPage: true });

    await checklist.getByRole("link", { name: "Go to Telegram account" }).click();
    await page.getByRole("heading", { level: 1, name: "Telegram account" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByLabel("API ID").fill("4242");
    await page.getByRole("button", { name: "Set API hash" }).click();
    await page.getByLabel("API hash: new value").fill("feedfacefeedfacefeedfacefeedface");
    await page.getByRole("button", { name: "Set Bot token" }).click();
    await page.getByLabel("Bot token: new value").fill("424242:first-run-bot-token");
    await saveButton().click();
    await saved();

    await openPage(page, "run");
    expect(await stepState("A Telegram account is set")).toBe("Done");
    await checklist.getByRole("link", { name: "Go to Connections" }).click();
    await page.getByRole("heading", { level: 1, name: "Connections" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.locator("#field-forwards-0-source").fill("-1001234567890");
    await page.getByRole("button", { name: "Add destination" }).click();
    await page.locator("#field-forwards-0-dest-0").fill("@mirror_channel");
    await saveButton().click();
    await saved();

    await openPage(page, "run");
    expect(await stepState("At least one connection")).toBe("Done");
    expect(await stepState("Start tgcf")).toBe("To do");
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.locator("#process-state", { hasText: "Running" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await checklist.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await page.reload();
    await page.locator("#process-state", { hasText: "Running" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await checklist.count()).toBe(0);
  },
  BROWSER_TEST_MS,
);

test(
  "unsaved run settings: Save and restart saves them, then restarts tgcf with them",
  async () => {
    await openPage(page, "run");
    const delay = page.getByLabel("Delay");
    await delay.fill("7");
    await page.getByRole("button", { name: "Save and restart" }).click();
    await page.waitForFunction(() => !document.querySelector(".unsaved-run-settings"), undefined, { timeout: UI_TIMEOUT_MS });
    expect(readConfig(dataDir).past.delay).toBe(7);
    const starts = async () => ((await (await server.api("api/logs?stream=system")).json()).lines as Array<{ line: string }>).filter((line) => line.line.startsWith("started pid")).length;
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while ((await starts()) < 2 && Date.now() < deadline) await Bun.sleep(100);
    expect(await starts()).toBe(2);
    await page.locator("#process-state", { hasText: "Running" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  },
  BROWSER_TEST_MS,
);

test(
  "a chat that names no chat is said at once in the form, with the server's rule, and the finished badge is not a failure",
  async () => {
    await openPage(page, "connections");
    const source = page.locator("#field-forwards-0-source");
    await source.fill("hello world!");
    await page.keyboard.press("Tab");
    const problem = page.locator(".chat-ref-problem");
    await problem.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await problem.textContent()).toContain("an @username, or a t.me link");
    expect(await source.getAttribute("aria-invalid")).toBe("true");
    await source.fill("mirror_channel");
    expect(await problem.textContent()).toBe("write the username with its @: @mirror_channel");
    await source.fill("-1001234567890");
    await problem.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
  },
  BROWSER_TEST_MS,
);

test("no script error and no Content-Security-Policy violation happened on the page", () => {
  expect(pageProblems).toEqual([]);
});
