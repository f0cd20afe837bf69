// How the Run page tells what happened to tgcf: a failure with its cause, its hint and tgcf's last lines, the countdown
// to the next start, a finished past run and a requested stop shown as no failure, and refused starts as a list.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { ARTIFACTS_DIR, openPage, runnableConfig, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
const CAUSE = "ConnectionError: Connection to Telegram failed 5 time(s)";

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

async function openRunPage(config: Record<string, unknown>, env: Record<string, string>): Promise<{ page: Page; server: ServerProcess }> {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  writeConfig(dataDir, config);
  const server = new ServerProcess({ port: await freePort(), dataDir, env });
  servers.push(server);
  await server.start();
  const page = await browser.newPage();
  pageProblems.push(...watchForPageProblems(page));
  await signIn(page, server.url);
  await openPage(page, "run");
  return { page, server };
}

test(
  "a failing tgcf: the countdown to its next start, then fatal with the cause, the hint and its last lines",
  async () => {
    // The fake fails like tgcf without network (its ConnectionError traceback); one restart an hour makes the second exit fatal.
    const { page } = await openRunPage(runnableConfig(), { FAKE_TGCF_EXIT_AFTER_MS: "300", TGCF_SERVER_MAX_RESTARTS_PER_HOUR: "1", FAKE_TGCF_TICK_MS: "" });
    await page.getByRole("button", { name: "Start", exact: true }).click();
    const countdown = page.locator(".next-start");
    await countdown.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await countdown.textContent()).toMatch(/Next start in \d/);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/run-backoff-countdown.png` });

    const panel = page.locator(".last-exit.outcome-failed");
    await page.locator("#process-state", { hasText: "Failed" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(panel.locator(".exit-cause").textContent()).resolves.toBe(CAUSE);
    expect(await panel.locator(".exit-hint").textContent()).toMatch(/cannot reach Telegram/);
    expect(await panel.locator(".exit-reason").textContent()).toContain("Not restarting");
    await panel.getByText(/tgcf's last \d+ lines/).click();
    const lines = (await panel.locator("pre").textContent())!;
    expect(lines.split("\n").at(-1)).toBe(CAUSE);
    expect(lines).toContain("Traceback (most recent call last):");
    await page.screenshot({ path: `${ARTIFACTS_DIR}/run-fatal-cause.png`, fullPage: true });
  },
  BROWSER_TEST_MS,
);

test(
  "a finished past run and a requested stop are not shown as failures; tgcf's Aborted. is not an error line",
  async () => {
    const pastConfig = { ...runnableConfig(), mode: 1, login: { API_ID: 1, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 1, SESSION_STRING: "1BVts-fake" } };
    const { page } = await openRunPage(pastConfig, { FAKE_TGCF_PAST_MS: "300" });
    await page.getByRole("button", { name: "Start", exact: true }).click();
    const finished = page.locator(".last-exit.outcome-finished");
    await finished.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await finished.textContent()).toContain("Finished");
    // The badge says so too, in the success colour rather than a red "Exited".
    await page.locator("#process-state.state-finished", { hasText: "Finished" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator(".last-exit.outcome-failed").count()).toBe(0);

    writeConfig(servers.at(-1)!.options.dataDir, { ...pastConfig, mode: 0 });
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.locator("#process-state", { hasText: "Running" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    const stopped = page.locator(".last-exit.outcome-stopped");
    await stopped.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator(".last-exit.outcome-failed").count()).toBe(0);
    const aborted = page.locator(".log-row.stop-answer");
    await aborted.waitFor({ timeout: UI_TIMEOUT_MS });
    const colour = await aborted.locator(".log-text").evaluate((element) => getComputedStyle(element).color);
    const stderrColour = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--danger").trim());
    expect(colour).not.toBe(stderrColour);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/run-stopped.png`, fullPage: true });
  },
  BROWSER_TEST_MS,
);

test(
  "a refused start lists every problem with a link to its page, and focus goes to the list",
  async () => {
    const { page } = await openRunPage({}, {});
    await page.getByRole("button", { name: "Start", exact: true }).click();
    const problems = page.locator(".start-problems li");
    await problems.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await problems.count()).toBe(3);
    expect(await problems.first().textContent()).toContain("API ID");
    expect(await page.evaluate(() => document.activeElement?.closest(".notice.error") !== null)).toBe(true);
    await problems.first().getByRole("link", { name: "Telegram account" }).click();
    await page.getByRole("heading", { level: 1, name: "Telegram account" }).waitFor({ timeout: UI_TIMEOUT_MS });
  },
  BROWSER_TEST_MS,
);

test("no script error and no Content-Security-Policy violation happened on the page", () => {
  expect(pageProblems).toEqual([]);
});
