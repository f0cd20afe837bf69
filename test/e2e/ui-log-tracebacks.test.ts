// The Run page's live log knows tgcf: a traceback (rich's box, Python's plain form) is one entry showing its
// exception that opens to all its lines, and known Telegram failures carry their kind, hint and the page to fix.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { stripAnsi } from "../../public/lib/ansi.ts";
import { activity, RichRecords, START_RECORDS } from "../fixtures/activity/rich-record.ts";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import { launchBrowser, PHONE, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { ARTIFACTS_DIR, horizontalOverflow, openPage, runnableConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
const REPLAY_TGCF = join(import.meta.dir, "../fixtures/fake-tgcf/replay.ts");
/** The real tgcf 1.1.8's traceback when it cannot reach Telegram: rich's box, 80 columns, coloured. */
const RICH_TRACEBACK = readFileSync(join(import.meta.dir, "../fixtures/tgcf/exits/live-bot-nonet-80-color.stderr.txt"), "utf8").replace(/\n$/, "").split("\n");
/** More than the page renders at once (one flush per 250 ms): the box reaches the page in pieces. */
const PIECE_PAUSE_MS = 700;
/** Python's plain form, chained, as tgcf prints it when Telegram revokes a session used twice. */
const PLAIN_TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/usr/local/lib/python3.12/site-packages/telethon/client/users.py", line 84, in _call',
  "    result = await future",
  "telethon.errors.rpcerrorlist.AuthKeyUnregisteredError: The key is not registered in the system (caused by GetUsersRequest)",
  "",
  "During handling of the above exception, another exception occurred:",
  "",
  "Traceback (most recent call last):",
  '  File "/usr/local/lib/python3.12/site-packages/tgcf/live.py", line 136, in start_sync',
  "    await client.start(bot_token=CONFIG.login.BOT_TOKEN)",
  "telethon.errors.rpcerrorlist.AuthKeyDuplicatedError: An auth key with the same ID was already generated (caused by GetUsersRequest)",
];
const LAST_LINE = "replay finished";

const narrow = new RichRecords({ width: 80, color: true });
const wide = new RichRecords({ width: 200, color: true });
const recordLines = (text: string) => text.replace(/\n$/, "").split("\n");

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;
/** Outside the data dir, which the server lays out anew at its first start. */
let replayDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  replayDir = mkdtempSync(join(tmpdir(), "tgcf-replay-"));
  const replay = join(replayDir, "replay.json");
  writeFileSync(
    replay,
    JSON.stringify([
      { stream: "stdout", lines: START_RECORDS.flatMap((record) => recordLines(narrow.render(record))) },
      { stream: "stderr", lines: RICH_TRACEBACK.slice(0, 40) },
      { stream: "stdout", afterMs: PIECE_PAUSE_MS, lines: recordLines(narrow.render(activity.floodWait(30))) },
      { stream: "stderr", afterMs: PIECE_PAUSE_MS, lines: RICH_TRACEBACK.slice(40) },
      { stream: "stdout", lines: recordLines(wide.render(activity.error("ChatWriteForbiddenError: You can't write in this chat (caused by SendMessageRequest)"))) },
      { stream: "stderr", afterMs: PIECE_PAUSE_MS, lines: PLAIN_TRACEBACK },
      { stream: "stdout", lines: recordLines(wide.render({ level: "INFO", message: LAST_LINE, source: "tgcf/live.py", line: 1 })) },
    ]),
  );
  server = new ServerProcess({ port: await freePort(), dataDir, env: { TGCF_SERVER_COMMAND: `${process.execPath} ${REPLAY_TGCF}`, FAKE_TGCF_REPLAY: replay } });
  await server.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
  await signIn(page, server.url);
  await openPage(page, "run");
  const run = await server.api("api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "live" }) });
  expect(run.status).toBe(200);
  await page.locator(".log-rows .log-row", { hasText: LAST_LINE }).waitFor({ timeout: UI_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(replayDir, { recursive: true, force: true });
});

const folds = () => page.locator(".log-rows details.log-fold");
const richFold = () => folds().filter({ hasText: "ConnectionError: Connection to Telegram failed 5 time(s)" });
const plainFold = () => folds().filter({ hasText: "AuthKeyDuplicatedError" });

async function expectTwoFolds(): Promise<void> {
  await page.locator(".log-rows .log-row", { hasText: LAST_LINE }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await folds().count()).toBe(2);
  expect(await richFold().locator("summary").textContent()).toContain(`(traceback, ${RICH_TRACEBACK.length} lines)`);
  expect(await plainFold().locator("summary").textContent()).toContain(`(traceback, ${PLAIN_TRACEBACK.length} lines)`);
  // No line of either traceback is left as a row of its own.
  expect(await page.locator(".log-rows > .log-row:not(.log-fold)", { hasText: /│|╰|File "|Traceback/ }).count()).toBe(0);
}

describe("tracebacks in the live log", () => {
  test("each traceback, though it arrived in pieces between other lines, is one entry showing its exception", async () => {
    await expectTwoFolds();
    const summary = richFold().locator("summary");
    expect(await summary.locator(".log-text").textContent()).toStartWith("▸ConnectionError: Connection to Telegram failed 5 time(s)");
    expect(await plainFold().locator("summary .log-text").textContent()).toContain(PLAIN_TRACEBACK.at(-1)!);
    expect(await richFold().getAttribute("open")).toBeNull();
    expect(await richFold().locator(".log-fold-line").first().isVisible()).toBe(false);
  }, BROWSER_TEST_MS);

  test("the keyboard opens a traceback to every one of its lines, as tgcf printed them", async () => {
    await richFold().locator("summary").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".log-rows details.log-fold[open]") !== null, undefined, { timeout: UI_TIMEOUT_MS });
    const lines = richFold().locator(".log-fold-line");
    expect(await lines.count()).toBe(RICH_TRACEBACK.length);
    expect(await lines.first().isVisible()).toBe(true);
    expect(await lines.allTextContents()).toEqual(RICH_TRACEBACK.map((line) => stripAnsi(line).trimEnd()));
    expect(await richFold().locator(".log-fold-cut").isVisible()).toBe(false);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".log-rows details.log-fold[open]") === null, undefined, { timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("known failures carry their kind in words, the hint, and a link to the page of the setting to fix", async () => {
    const flood = page.locator(".log-rows .log-row").getByRole("button", { name: "FloodWait 30 s" });
    expect(await flood.count()).toBe(1);
    expect(await flood.getAttribute("title")).toContain("Telegram asked tgcf to wait");
    await flood.click();
    expect(await flood.getAttribute("aria-expanded")).toBe("true");
    const floodHint = page.locator(`#${await flood.getAttribute("aria-controls")}`);
    expect(await floodHint.isVisible()).toBe(true);
    expect(await floodHint.textContent()).toContain("Telegram asked tgcf to wait");
    expect(await floodHint.getByRole("link").count()).toBe(0);

    const chat = page.locator(".log-rows .log-row").getByRole("button", { name: "Chat not reachable" });
    await chat.click();
    const chatHint = page.locator(`#${await chat.getAttribute("aria-controls")}`);
    expect(await chatHint.getByRole("link", { name: "Go to Connections" }).getAttribute("href")).toBe("#/connections");

    expect(await richFold().locator("summary .log-cause-tag").textContent()).toBe("Cannot reach Telegram");
    expect(await plainFold().locator("summary .log-cause-tag").textContent()).toBe("Session used twice");
    await plainFold().locator("summary").click();
    const sessionHint = plainFold().locator(".log-cause-hint");
    expect(await sessionHint.textContent()).toContain("The same session was used from two places at once");
    expect(await sessionHint.getByRole("link", { name: "Go to Telegram account" }).getAttribute("href")).toBe("#/account");
    await chat.scrollIntoViewIfNeeded();
    await page.locator(".log-card").screenshot({ path: join(ARTIFACTS_DIR, "log-tracebacks-causes.png") });
  }, BROWSER_TEST_MS);

  test("with a traceback and the hints open, axe finds nothing serious, and a phone does not scroll sideways", async () => {
    await richFold().locator("summary").click();
    // A row under the pointer is highlighted; the check is of the page as it is read.
    await page.mouse.move(0, 0);
    expect(describeViolations("run page with tracebacks", await seriousViolations(page))).toEqual([]);
    await screenshotEveryWay(page, "log-tracebacks");
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(describeViolations("run page with tracebacks, phone, dark", await seriousViolations(page))).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, BROWSER_TEST_MS);

  test("copying a selection across closed tracebacks copies all their lines", async () => {
    for (const fold of [richFold(), plainFold()]) await fold.evaluate((details) => ((details as HTMLDetailsElement).open = false));
    const copied = await page.locator(".log-rows").evaluate((rows) => {
      const range = document.createRange();
      range.selectNodeContents(rows);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const event = new ClipboardEvent("copy", { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
      rows.dispatchEvent(event);
      getSelection()!.removeAllRanges();
      return event.clipboardData!.getData("text/plain");
    });
    for (const line of [...RICH_TRACEBACK, ...PLAIN_TRACEBACK]) expect(copied).toContain(stripAnsi(line).trimEnd());
    expect(copied).not.toContain("⚠");
  }, BROWSER_TEST_MS);

  test("search still sees every line of a traceback, and folding comes back when it is cleared", async () => {
    await page.getByLabel("Search").fill("mtprotosender.py:254");
    await page.waitForFunction(() => document.querySelectorAll(".log-rows details.log-fold").length === 0, undefined, { timeout: UI_TIMEOUT_MS });
    const texts = await page.locator(".log-rows .log-row").allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toContain("mtprotosender.py:254");
    await page.getByLabel("Search").fill("");
    await expectTwoFolds();
  }, BROWSER_TEST_MS);

  test("after a reload, the backlog the server replays folds the same way", async () => {
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Run" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expectTwoFolds();
    expect(await page.locator(".log-rows .log-row").getByRole("button", { name: "FloodWait 30 s" }).count()).toBe(1);
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
