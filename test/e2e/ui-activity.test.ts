// The Activity page in Chromium: 90 days of history seeded into the instance's activity database before the server
// starts, shown as the counts that history implies and a chart with its points; past-mode progress moving while a
// stand-in tgcf forwards, on the Activity page and, compact, on the Run page.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { COUNTER_INDEX, emptyVector, INSTANCE_KEY, type Counter } from "../../src/modules/activity/counters";
import { HOUR_MS, MINUTE_MS, slotOf } from "../../src/modules/activity/buckets";
import { ActivityStore, type SlotCounts } from "../../src/modules/activity/store";
import { activityDbPath, openActivityDatabase } from "../../src/modules/activity/store-file";
import { formatDuration } from "../../public/lib/format.ts";
import { activity } from "../fixtures/activity/rich-record";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import { launchBrowser, PHONE, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { horizontalOverflow, openPage, runnableConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 120_000;
const ACTIVITY_TGCF = resolve(import.meta.dir, "../fixtures/activity/activity-tgcf.ts");
const NEWS = -1001234567890;
const ARCHIVE = -1002000000000;
/** A name that would be markup if the page ever treated it as HTML. */
const ARCHIVE_NAME = '<b>archive</b> & "co"';
const USER_LOGIN = { API_ID: 12345, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 1, SESSION_STRING: "1BVts-fake-session" };
const NEWS_END = 5_000;

function configWith(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...runnableConfig(),
    login: USER_LOGIN,
    forwards: [
      { con_name: "news", use_this: true, source: NEWS, dest: ["@mirror"], offset: 0, end: NEWS_END },
      { con_name: ARCHIVE_NAME, use_this: true, source: ARCHIVE, dest: ["@mirror"], offset: 0, end: 0 },
    ],
    ...extra,
  };
}

let browser: Browser;
const servers: ServerProcess[] = [];
const dirs: string[] = [];
const pageProblems: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<{ server: ServerProcess; page: Page }> {
  const server = new ServerProcess({ port: await freePort(), dataDir, env });
  servers.push(server);
  await server.start();
  const page = await browser.newPage();
  pageProblems.push(...watchForPageProblems(page));
  await signIn(page, server.url);
  return { server, page };
}

// ---- 90 days of history -------------------------------------------------------------------------------------------

/** One seeded moment: k hours and a half before the seeding, with its counts per chat. */
interface Moment {
  hoursAgo: number;
  byChat: Map<string, Partial<Record<Counter, number>>>;
}

/** The history: a moment every hour for nearly 90 days, except around the 30-day edge (whose side depends on the minute the test runs). */
function history(): Moment[] {
  const moments: Moment[] = [];
  for (let hoursAgo = 0; hoursAgo <= 2_150; hoursAgo++) {
    if (hoursAgo >= 718 && hoursAgo <= 721) continue;
    const flood = hoursAgo % 100 === 7;
    moments.push({
      hoursAgo,
      byChat: new Map<string, Partial<Record<Counter, number>>>([
        [String(NEWS), { received: 1 + (hoursAgo % 7), errors: hoursAgo % 50 === 0 ? 1 : 0 }],
        [String(ARCHIVE), { forwarded: hoursAgo % 24 === 3 ? 3 : 0 }],
        [
          INSTANCE_KEY,
          {
            runningMs: 30 * MINUTE_MS,
            starts: hoursAgo % 240 === 5 ? 1 : 0,
            unexpectedExits: hoursAgo % 720 === 100 ? 1 : 0,
            floodWaits: flood ? 1 : 0,
            floodWaitSeconds: flood ? 45 : 0,
          },
        ],
      ]),
    });
  }
  return moments;
}

/** Writes the moments with the store's own write (minute slots, their hours and the all-time totals), as the recorder would have. */
function seedActivity(dataDir: string, moments: Moment[], now: number): void {
  const database = openActivityDatabase(activityDbPath(dataDir), (reason) => {
    throw new Error(reason);
  });
  const store = new ActivityStore(database);
  try {
    const counts: SlotCounts[] = [];
    for (const moment of moments) {
      const slot = slotOf(now - moment.hoursAgo * HOUR_MS - 30 * MINUTE_MS, "minute");
      for (const [chat, values] of moment.byChat) {
        const vector = emptyVector();
        for (const [name, value] of Object.entries(values)) vector[COUNTER_INDEX[name as Counter]] = value;
        counts.push({ slot, chat, vector });
      }
    }
    store.write({ counts, arrivals: [] });
  } finally {
    store.close();
  }
}

/** What the windows hold, in hours ago of the moments (the half hour puts every moment well inside or outside). */
const WINDOW_HOURS = { lastHour: 0, lastDay: 23, last30Days: 717, allTime: Number.POSITIVE_INFINITY } as const;
type WindowName = keyof typeof WINDOW_HOURS;

function expectedSum(moments: Moment[], window: WindowName, chats: string[] | null, counter: Counter): number {
  let sum = 0;
  for (const moment of moments) {
    if (moment.hoursAgo > WINDOW_HOURS[window]) continue;
    for (const [chat, values] of moment.byChat) if (chats === null || chats.includes(chat)) sum += values[counter] ?? 0;
  }
  return sum;
}

/** The text of one cell of a counts table. */
const cell = (card: ReturnType<Page["locator"]>, counter: string, window: WindowName) =>
  card.locator(`tr[data-counter="${counter}"] td[data-window="${window}"]`).textContent();
const digits = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

/** How many elements `locator` finds once that number has held still for a moment (the table renders after its toggle). */
async function settledCount(locator: ReturnType<Page["locator"]>, expected: number): Promise<number> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let count = await locator.count();
  while (count !== expected && Date.now() < deadline) {
    await Bun.sleep(100);
    count = await locator.count();
  }
  return count;
}

test(
  "90 days of history: the counts per window the database implies, per connection by name, and a chart of 2,160 hour points",
  async () => {
    const dataDir = newDir();
    writeConfig(dataDir, configWith());
    const moments = history();
    seedActivity(dataDir, moments, Date.now());
    const { page } = await startServer(dataDir);
    await openPage(page, "activity");

    const instance = page.locator(".activity-instance");
    await instance.locator(".counts-table").waitFor({ timeout: UI_TIMEOUT_MS });
    for (const window of Object.keys(WINDOW_HOURS) as WindowName[]) {
      for (const counter of ["received", "forwarded", "errors", "starts", "unexpectedExits", "floodWaits"] as const) {
        expect({ window, counter, shown: digits(await cell(instance, counter, window)) }).toEqual({ window, counter, shown: expectedSum(moments, window, null, counter) });
      }
      expect(await cell(instance, "runningSeconds", window)).toBe(formatDuration(expectedSum(moments, window, null, "runningMs") / 1000));
      expect(await cell(instance, "floodWaitSeconds", window)).toBe(formatDuration(expectedSum(moments, window, null, "floodWaitSeconds")));
    }

    // Each connection under its name from the config; a name holding markup stays text.
    const cards = page.locator(".activity-connection");
    await expect(cards.locator("h3").allTextContents()).resolves.toEqual(["news", ARCHIVE_NAME]);
    expect(await cards.locator("h3 b").count()).toBe(0);
    for (const window of Object.keys(WINDOW_HOURS) as WindowName[]) {
      expect(digits(await cell(cards.nth(0), "received", window))).toBe(expectedSum(moments, window, [String(NEWS)], "received"));
      expect(digits(await cell(cards.nth(0), "errors", window))).toBe(expectedSum(moments, window, [String(NEWS)], "errors"));
      expect(digits(await cell(cards.nth(1), "forwarded", window))).toBe(expectedSum(moments, window, [String(ARCHIVE)], "forwarded"));
    }
    // tgcf is not running: nothing listens, so no connection is stalled, and the badge says why.
    await expect(cards.nth(0).locator(".stall").textContent()).resolves.toContain("tgcf is not running in live mode");

    // The default range: 48 hours in 15-minute points, one table row per hour that had messages.
    const chart = page.locator("figure.chart");
    await page.locator('figure.chart[data-step-seconds="900"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThanOrEqual(191);
    await chart.getByText("The numbers as a table").click();
    const lastTwoDays = moments.filter((moment) => moment.hoursAgo <= 47).length;
    expect(await settledCount(chart.locator(".chart-table tbody tr"), lastTwoDays)).toBe(lastTwoDays);

    await page.locator(".activity-chart .range-choice label", { hasText: "90 days" }).click();
    expect(await page.getByRole("radio", { name: "90 days" }).isChecked()).toBe(true);
    await page.locator('figure.chart[data-step-seconds="3600"][data-points="2161"], figure.chart[data-step-seconds="3600"][data-points="2160"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const points = Number(await chart.getAttribute("data-points"));
    // One path per line, reaching the last point.
    const receivedPath = (await chart.locator("path.line-received").getAttribute("d"))!;
    expect(receivedPath.startsWith("M0 ")).toBe(true);
    expect(Number(/L(\d+) [\d.]+$/.exec(receivedPath)?.[1])).toBe(points - 1);
    expect(await chart.locator("path").count()).toBe(3);
    const summary = (await chart.locator("figcaption").textContent())!;
    expect(summary).toContain(`Received (live mode): ${expectedSum(moments, "allTime", null, "received").toLocaleString("en-US")}`);
    if (!(await chart.locator("details").evaluate((details) => (details as HTMLDetailsElement).open))) await chart.getByText("The numbers as a table").click();
    expect(await settledCount(chart.locator(".chart-table tbody tr"), moments.length)).toBe(moments.length);

    // One connection's line: the archive's forwarded messages.
    await page.locator(".activity-chart").getByLabel("Connection").selectOption({ label: ARCHIVE_NAME });
    await expect(chart.locator("figcaption").textContent()).resolves.toContain(
      `Forwarded (past mode): ${expectedSum(moments, "allTime", [String(ARCHIVE)], "forwarded").toLocaleString("en-US")}`,
    );
    await chart.locator("details > summary").click();

    expect(describeViolations("activity page", await seriousViolations(page))).toEqual([]);
    await screenshotEveryWay(page, "activity-90-days");
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(pageProblems).toEqual([]);
  },
  BROWSER_TEST_MS,
);

// ---- past mode ----------------------------------------------------------------------------------------------------

/** A past run: the news connection (it has an end) a message a second, then the archive (no end). */
function pastScript(): unknown[] {
  const step = (kind: keyof typeof activity, args: unknown[], afterMs = 1_000) => ({ kind, args, afterMs });
  return [
    step("pastConnection", [NEWS, ["@mirror"]], 5),
    ...Array.from({ length: 15 }, (_, index) => step("forwarded", [100 * (index + 1)])),
    step("pastConnection", [ARCHIVE, ["@mirror"]]),
    ...Array.from({ length: 25 }, (_, index) => step("forwarded", [7 * (index + 1)])),
  ];
}

const progressOf = (bar: ReturnType<Page["locator"]>) =>
  bar.evaluate((element) => ({ value: (element as HTMLProgressElement).value, max: (element as HTMLProgressElement).max, determinate: element.hasAttribute("value") }));

test(
  "past mode: the progress bar moves as tgcf forwards, says when a connection has no end, and shows compact on the Run page",
  async () => {
    const dataDir = newDir();
    writeConfig(dataDir, configWith({ mode: 1 }));
    const scriptDir = newDir();
    const script = join(scriptDir, "script.json");
    writeFileSync(script, JSON.stringify(pastScript()));
    const { server, page } = await startServer(dataDir, { TGCF_SERVER_COMMAND: `${process.execPath} ${ACTIVITY_TGCF}`, ACTIVITY_TGCF_SCRIPT: script });
    await openPage(page, "activity");
    await page.locator(".activity-instance").waitFor({ timeout: UI_TIMEOUT_MS });

    const run = await server.api("api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "past" }) });
    expect(run.status).toBe(200);

    const newsBar = page.getByRole("progressbar", { name: "news" });
    await newsBar.waitFor({ timeout: UI_TIMEOUT_MS });
    const deadline = Date.now() + UI_TIMEOUT_MS;
    let first = await progressOf(newsBar);
    while (first.value === 0 && Date.now() < deadline) {
      await page.waitForTimeout(200);
      first = await progressOf(newsBar);
    }
    expect(first).toMatchObject({ max: NEWS_END, determinate: true });
    expect(first.value).toBeGreaterThan(0);
    let later = first;
    while (later.value <= first.value && Date.now() < deadline) {
      await page.waitForTimeout(200);
      later = await progressOf(newsBar);
    }
    expect(later.value).toBeGreaterThan(first.value);
    expect(await newsBar.getAttribute("aria-valuetext")).toMatch(/^message [\d,]+ of 5,000$/);
    const newsItem = page.locator(".past-item", { has: page.locator(".past-name", { hasText: /^news$/ }) });
    await expect(newsItem.locator("dd").allTextContents()).resolves.toContain(String(NEWS_END));

    // The archive has no end: its bar has no value, and the page says the time left is unknown.
    const archiveItem = page.locator(".past-item.is-current", { has: page.getByText(ARCHIVE_NAME, { exact: true }) });
    await archiveItem.waitFor({ timeout: 30_000 });
    expect(await progressOf(archiveItem.locator("progress"))).toMatchObject({ determinate: false });
    await expect(archiveItem.textContent()).resolves.toContain("No end set");
    expect(describeViolations("activity page in a past run", await seriousViolations(page))).toEqual([]);
    await screenshotEveryWay(page, "activity-past-progress");

    await openPage(page, "run");
    const compact = page.locator(".past-progress-card");
    await compact.getByRole("progressbar", { name: ARCHIVE_NAME }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(compact.locator(".past-line").first().textContent()).resolves.toMatch(/Last forwarded id: \d+/);
    await screenshotEveryWay(page, "run-past-progress");
    expect(pageProblems).toEqual([]);
  },
  BROWSER_TEST_MS,
);
