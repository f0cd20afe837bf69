// The Instances overview shows the chosen instances' live logs together, each line tagged with its instance's name.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { runnableConfig, screenshotEveryWay, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
/** Two instances run at once only with different bot tokens (the server refuses a shared login). */
const SECOND_BOT_TOKEN = "654321:XYZ-another-fake-bot-token";

let server: ServerProcess;
let session: BrowserSession;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

async function api(path: string, method: string, body: unknown, contentType = "application/json"): Promise<void> {
  const answer = await server.api(path, { method, headers: { "content-type": contentType }, body: JSON.stringify(body) });
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
}

beforeAll(async () => {
  session = await openBrowserSession({ env: { FAKE_TGCF_TICK_MS: "200" } });
  ({ server, page, pageProblems, dataDir } = session);
  await api("api/instances", "POST", { id: "second", name: "Second bot", copyFrom: "default" });
  const login = runnableConfig().login as Record<string, unknown>;
  await api("api/instances/second/config", "PATCH", [{ op: "replace", path: "/login", value: { ...login, BOT_TOKEN: SECOND_BOT_TOKEN } }], "application/json-patch+json");
  await api("api/instances/default/run", "POST", {});
  await api("api/instances/second/run", "POST", {});
});

afterAll(async () => {
  await session?.close();
});

const card = (id: string) => page.locator(`.instance-card[data-instance="${id}"]`);

describe("the merged log of several instances", () => {
  test("two running instances chosen on the overview show their lines together, each tagged with its instance's name", async () => {
    await page.goto(`${server.url}#/instances`);
    await page.getByRole("heading", { level: 1, name: "Instances" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await card("default").getByRole("checkbox").check();
    await card("second").getByRole("checkbox").check();
    await page.getByRole("button", { name: "Show their log together" }).click();
    const log = page.getByRole("log", { name: /Output of/ });
    for (const id of ["default", "second"]) await log.locator(`.log-row[data-instance="${id}"]`).first().waitFor({ timeout: UI_TIMEOUT_MS });
    // The name is shown on each line, not only the colour.
    const defaultName = (await card("default").getByRole("heading").textContent())!;
    expect(new Set(await log.locator(".log-row .log-instance").allTextContents())).toEqual(new Set([defaultName, "Second bot"]));
    expect(await log.locator('.log-row[data-instance="default"] .log-instance').first().textContent()).toBe(defaultName);
    expect(await log.locator('.log-row[data-instance="second"] .log-instance').first().textContent()).toBe("Second bot");
    const colours = await Promise.all(
      ["default", "second"].map((id) => log.locator(`.log-row[data-instance="${id}"] .log-instance`).first().evaluate((tag) => getComputedStyle(tag).color)),
    );
    expect(colours[0]).not.toBe(colours[1]);
    // The lines are in time order across both instances.
    const times = await log.locator(".log-row time").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("datetime") ?? ""));
    expect(times).toEqual([...times].sort());
    // Lines keep coming on the live socket.
    const before = await log.locator('.log-row[data-instance="second"]').count();
    await page.waitForFunction(
      ([count]) => document.querySelectorAll('.merged-log .log-row[data-instance="second"]').length > count!,
      [before],
      { timeout: UI_TIMEOUT_MS },
    );
    await screenshotEveryWay(page, "instances-merged-log");
    // At phone width the tagged rows fit without sideways scrolling of the page.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Close the log" }).click();
    await log.waitFor({ state: "detached" });
    expect(pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);
});
