// The live log under load and through a network drop: bounded rows, batched renders, follow, pause, clear, search,
// downloads, and the gap notice after a drop longer than the server's memory; and lines that try to forge rows.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync } from "node:fs";
import type { Page, WebSocketRoute } from "playwright-core";
import { LAYOUT_CONTROLS } from "../../src/shared/untrusted-text.ts";
import { launchBrowser, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { openPage, runnableConfig, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
const FLOOD_LINES = 6_000;
/** The UI keeps at most this many rows (public/log/log-rows.ts). */
const MAX_ROWS = 2_000;
/** The UI renders at most once per this interval (public/log/log-controller.ts); timers never fire early. */
const FLUSH_INTERVAL_MS = 250;
/** The server keeps only this many lines in memory here, so a long drop loses some. */
const SERVER_RING_LINES = "100";

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;
let liveSocket: WebSocketRoute | null = null;
let networkDown = false;

beforeAll(async () => {
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  server = new ServerProcess({
    port: await freePort(),
    dataDir,
    env: {
      FAKE_TGCF_FLOOD_LINES: String(FLOOD_LINES),
      FAKE_TGCF_FLOOD_THEN: "stay",
      FAKE_TGCF_TICK_MS: "100",
      TGCF_SERVER_LOG_LINES: SERVER_RING_LINES,
    },
  });
  await server.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
  // Every log socket goes through here, so a test can cut the network and keep it down.
  await page.routeWebSocket(/\/ws\/logs/, (socket) => {
    if (networkDown) return socket.close({ code: 1006, reason: "network down" });
    socket.connectToServer();
    liveSocket = socket;
  });
  await signIn(page, server.url);
  await openPage(page, "run");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const rows = () => page.locator(".log-rows .log-row");
const renderedSeqs = () => rows().evaluateAll((all) => all.map((row) => Number((row as HTMLElement).dataset.seq)));
const maxRendered = async () => Math.max(0, ...(await renderedSeqs()));
const serverLastSeq = async () => ((await (await server.api("api/logs?tail=1")).json()) as { lastSeq: number }).lastSeq;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await page.waitForTimeout(100);
  }
}

function expectStrictlyIncreasing(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++) if (!(seqs[i]! > seqs[i - 1]!)) throw new Error(`seq ${seqs[i]} follows ${seqs[i - 1]}`);
}

describe("live log", () => {
  test("a flood is rendered in batches at most every 250 ms, with a bounded number of rows, in order, to the last line", async () => {
    await page.evaluate(() => {
      const batches: number[] = [];
      (window as unknown as { logBatches: number[] }).logBatches = batches;
      new MutationObserver((records) => {
        if (records.some((record) => record.addedNodes.length > 0)) batches.push(performance.now());
      }).observe(document.querySelector(".log-rows")!, { childList: true });
    });
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await until("the flood is over on the server", async () => (await serverLastSeq()) > FLOOD_LINES);
    const floodEnd = await serverLastSeq();
    await until("the page shows the flood's last line", async () => (await maxRendered()) >= floodEnd);

    const seqs = await renderedSeqs();
    expect(seqs.length).toBeLessThanOrEqual(MAX_ROWS);
    expect(seqs.length).toBeGreaterThan(MAX_ROWS / 2);
    expectStrictlyIncreasing(seqs);
    // Renders start at least FLUSH_INTERVAL_MS apart; their ends (seen here) may drift by one render's work, so allow one interval.
    const batches = await page.evaluate(() => (window as unknown as { logBatches: number[] }).logBatches);
    const span = batches[batches.length - 1]! - batches[0]!;
    expect(batches.length).toBeLessThanOrEqual(span / FLUSH_INTERVAL_MS + 2);
  }, BROWSER_TEST_MS);

  test("scrolling up stops following and counts new lines; the button jumps back to the end", async () => {
    await page.locator(".log-rows").evaluate((element) => (element.scrollTop = 0));
    const newLines = page.getByRole("button", { name: /\d+ new lines?/ });
    await newLines.waitFor({ timeout: UI_TIMEOUT_MS });
    const distanceFromEnd = () => page.locator(".log-rows").evaluate((e) => e.scrollHeight - e.scrollTop - e.clientHeight);
    expect(await distanceFromEnd()).toBeGreaterThan(100);

    await newLines.click();
    await newLines.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await until("the view follows the end again", async () => (await distanceFromEnd()) < 30);
  }, BROWSER_TEST_MS);

  test("pause holds new lines back until resumed, and clear view empties it", async () => {
    await page.getByRole("button", { name: "Pause" }).click();
    const pausedAt = await maxRendered();
    await page.getByRole("button", { name: /Paused: [1-9]\d* new lines?/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await maxRendered()).toBe(pausedAt);
    await page.getByRole("button", { name: "Resume" }).click();
    await until("lines flow again", async () => (await maxRendered()) > pausedAt);

    await page.getByRole("button", { name: "Clear view" }).click();
    const clearedAt = await serverLastSeq();
    await until("only lines after the clear are shown", async () => {
      const seqs = await renderedSeqs();
      return seqs.length > 0 && seqs.length < 50;
    });
    expect(Math.min(...(await renderedSeqs()))).toBeGreaterThanOrEqual(clearedAt - 1);
  }, BROWSER_TEST_MS);

  test("search filters by text and by regular expression, and its result downloads", async () => {
    await page.getByLabel("Search").fill("forwarded message");
    await until("only matching rows remain", async () => {
      const texts = await rows().allTextContents();
      return texts.length > 0 && texts.every((text) => text.includes("forwarded message"));
    });

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download result" }).click();
    const result = readFileSync((await (await download).path())!, "utf8").trim().split("\n");
    expect(result.length).toBeGreaterThan(0);
    for (const line of result) expect(line).toContain("forwarded message");

    await page.getByRole("checkbox", { name: "Regex" }).check();
    await page.getByLabel("Search").fill("message (1");
    await page.getByText("not a valid regular expression").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByLabel("Search").fill("message \\d*7\\b");
    await until("rows match the expression", async () => {
      const texts = await rows().allTextContents();
      return texts.length > 0 && texts.every((text) => /message \d*7\b/.test(text));
    });
    // The regex is applied in the browser to the server's lines: the server never runs one.
    const regexDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download result" }).click();
    const matched = readFileSync((await (await regexDownload).path())!, "utf8").trim().split("\n");
    expect(matched.length).toBeGreaterThan(0);
    for (const line of matched) expect(line).toMatch(/message \d*7\b/);

    await page.getByLabel("Search").fill("");
    await page.getByRole("checkbox", { name: "Regex" }).uncheck();
  }, BROWSER_TEST_MS);

  test("the full log downloads from the server, flood included", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download full log" }).click();
    const text = readFileSync((await (await download).path())!, "utf8");
    expect(text).toContain(`flood ${FLOOD_LINES} `);
    expect(text).not.toContain("\x1b[");
  }, BROWSER_TEST_MS);

  test("after a network drop longer than the server's memory, a gap notice shows and lines resume without duplicates", async () => {
    networkDown = true;
    await liveSocket?.close({ code: 1006, reason: "network drop" });
    await page.locator(".log-connection", { hasText: "Disconnected" }).waitFor({ timeout: UI_TIMEOUT_MS });
    const lastSeen = await maxRendered();
    expect((await server.api("api/restart", { method: "POST" })).status).toBe(200);
    await until("the server has moved well past its memory", async () => (await serverLastSeq()) > lastSeen + 2 * Number(SERVER_RING_LINES));

    // The page keeps retrying with backoff (at most 10 s apart) and gets through once the network is back.
    networkDown = false;
    await page.getByText(/were lost while the log was disconnected/).waitFor({ timeout: UI_TIMEOUT_MS });
    await until("new lines arrive", async () => (await maxRendered()) > lastSeen + Number(SERVER_RING_LINES));
    expectStrictlyIncreasing(await renderedSeqs());
  }, BROWSER_TEST_MS);

  test("the stream filter shows only the server's own lines when asked", async () => {
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await page.locator("#process-state", { hasText: /Stopped|Exited/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("checkbox", { name: "Output" }).uncheck();
    await page.getByRole("checkbox", { name: "Errors" }).uncheck();
    await until("only the server's own lines remain", async () => {
      const classes = await rows().evaluateAll((all) => all.map((row) => row.className));
      return classes.length > 0 && classes.every((name) => name.includes("stream-system"));
    });
    await page.getByRole("checkbox", { name: "Output" }).check();
    await page.getByRole("checkbox", { name: "Errors" }).check();
  }, BROWSER_TEST_MS);
});

describe("a hostile line", () => {
  /**
   * A chat name tgcf prints as it is: a right-to-left override (so "exe.png" would read "gnp.exe"), an isolate,
   * a line separator, and U+2424 (the server's own line-break mark) before text laid out like a row of its own.
   */
  const HOSTILE_SOURCE = "@evil\u202egnp.exe\u2066 x\u2069\u2028sep ␤[12:00:00] INFO     forged row";
  const SHOWN_AS = "@evil<U+202E>gnp.exe<U+2066> x<U+2069><U+2028>sep ␤[12:00:00] INFO     forged row";
  const LAYOUT_CONTROL = new RegExp(`[${Object.keys(LAYOUT_CONTROLS).join("")}]`);
  let hostileServer: ServerProcess;
  let hostileBrowser: Browser;
  let hostilePage: Page;
  let hostileProblems: string[] = [];
  let hostileDir: string;

  beforeAll(async () => {
    hostileDir = tempDataDir();
    writeConfig(hostileDir, {
      login: { API_ID: 12345, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 1, SESSION_STRING: "1Bfake-session" },
      forwards: [{ con_name: "hostile", use_this: true, source: HOSTILE_SOURCE, dest: ["@mirror"], offset: 0, end: 0 }],
    });
    hostileServer = new ServerProcess({ port: await freePort(), dataDir: hostileDir });
    await hostileServer.start();
    // A browser of its own: cookies ignore the port, so a second sign-in on this host would replace the first's.
    hostileBrowser = await launchBrowser();
    hostilePage = await hostileBrowser.newPage();
    hostileProblems = watchForPageProblems(hostilePage);
    await signIn(hostilePage, hostileServer.url);
    await openPage(hostilePage, "run");
  });

  afterAll(async () => {
    await hostileBrowser?.close();
    await hostileServer?.stop();
    rmSync(hostileDir, { recursive: true, force: true });
  });

  test("with U+2424 and bidi controls is shown as one row, its controls as visible markers", async () => {
    const run = await hostileServer.api("api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "past" }) });
    expect(run.status).toBe(200);
    const row = hostilePage.locator(".log-row", { hasText: "Forwarding messages from" });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });

    expect(await hostilePage.locator(".log-row", { hasText: "forged row" }).count()).toBe(1);
    const text = row.locator(".log-text");
    expect(await text.textContent()).toContain(SHOWN_AS);
    expect(await text.textContent()).not.toMatch(LAYOUT_CONTROL);
    // innerText holds the line breaks the page draws (soft wraps aside): there must be none.
    expect(await text.innerText()).not.toContain("\n");
    expect(await text.locator(".text-control").allTextContents()).toEqual(["<U+202E>", "<U+2066>", "<U+2069>", "<U+2028>"]);
    expect(await text.locator(".text-control").first().getAttribute("title")).toBe("U+202E RIGHT-TO-LEFT OVERRIDE");
    expect(hostileProblems).toEqual([]);
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
