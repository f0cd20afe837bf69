// Several tgcf instances in the browser: the overview (add, start several, delete), the instance in the address, the switcher;
// at phone width and in dark mode, with screenshots.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { PHONE } from "./helpers/browser.ts";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { horizontalOverflow, openPage, runnableConfig, screenshotEveryWay, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
/** Two instances run at once only with different bot tokens (the server refuses a shared login). */
const SECOND_BOT_TOKEN = "654321:XYZ-another-fake-bot-token";

let server: ServerProcess;
let session: BrowserSession;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  session = await openBrowserSession({ env: { FAKE_TGCF_TICK_MS: "200" } });
  ({ server, page, pageProblems, dataDir } = session);
});

afterAll(async () => {
  await session?.close();
});

const heading = (name: string) => page.getByRole("heading", { level: 1, name }).waitFor({ timeout: UI_TIMEOUT_MS });
const card = (id: string) => page.locator(`.instance-card[data-instance="${id}"]`);
const pidShown = () => page.locator(".process dt", { hasText: "PID" }).locator("xpath=following-sibling::dd").textContent();

async function pidOf(id: string): Promise<number | null> {
  const { instances } = (await (await server.api("api/instances")).json()) as { instances: { id: string; pid: number | null }[] };
  return instances.find((instance) => instance.id === id)?.pid ?? null;
}

describe("several instances", () => {
  test("with one instance there is no switcher, and the Advanced page leads to the overview to add one", async () => {
    await heading("Run");
    expect(await page.locator("#instance-switcher").count()).toBe(0);
    await openPage(page, "advanced");
    await page.getByRole("link", { name: "Add an instance" }).click();
    await heading("Instances");
    expect(page.url()).toEndWith("#/instances");
    await card("default").waitFor();
  }, BROWSER_TEST_MS);

  test("a second instance is added from the overview as a copy (without logins), and the switcher appears", async () => {
    await page.getByLabel("Id", { exact: true }).fill("second");
    await page.getByLabel("Name (optional)").fill("Second bot");
    await page.getByLabel("Start from").selectOption("default");
    await expect(page.getByText("not the logins").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Add instance" }).click();
    await card("second").getByRole("heading", { name: "Second bot" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator("#instance-switcher").waitFor({ timeout: UI_TIMEOUT_MS });
    const copied = (await (await server.api("api/instances/second/config")).json()) as { forwards: unknown[]; login: { BOT_TOKEN?: string } };
    expect(copied.forwards).toHaveLength(1);
    expect(copied.login.BOT_TOKEN ?? "").toBe("");
  }, BROWSER_TEST_MS);

  test("after its login is set, both instances start at once from the overview and show as running", async () => {
    const login = runnableConfig().login as Record<string, unknown>;
    const patch = [{ op: "replace", path: "/login", value: { ...login, BOT_TOKEN: SECOND_BOT_TOKEN } }];
    const answer = await server.api("api/instances/second/config", { method: "PATCH", headers: { "content-type": "application/json-patch+json" }, body: JSON.stringify(patch) });
    expect(answer.status).toBe(200);
    await card("default").getByRole("checkbox").check();
    await card("second").getByRole("checkbox").check();
    await page.getByRole("button", { name: "Start selected", exact: true }).click();
    for (const id of ["default", "second"]) await card(id).locator(".badge", { hasText: "Running" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await card("second").locator("dt", { hasText: "Memory" }).waitFor();
    expect(await card("second").locator("dt", { hasText: "PID" }).locator("xpath=following-sibling::dd").textContent()).toBe(String(await pidOf("second")));
    expect(pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);

  test("an address with no page lands on the overview when there are several instances", async () => {
    await page.goto(server.url);
    await heading("Instances");
  }, BROWSER_TEST_MS);

  test("the instance is in the address: a reload of #/i/second/run shows the second instance's tgcf", async () => {
    // A typed address naming another instance reloads the page at it.
    await page.goto(`${server.url}#/i/second/run`);
    await page.waitForFunction(() => (document.getElementById("instance-switcher") as HTMLSelectElement | null)?.value === "second", null, { timeout: UI_TIMEOUT_MS });
    await page.reload();
    await heading("Run");
    await page.locator("#process-state", { hasText: "Running" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await pidShown()).toBe(String(await pidOf("second")));
    expect(await page.locator("#instance-switcher").inputValue()).toBe("second");
    // The page's links keep the instance.
    expect(await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Connections" }).getAttribute("href")).toBe("#/i/second/connections");
  }, BROWSER_TEST_MS);

  test("the switcher shows the same page of the chosen instance", async () => {
    await page.locator("#instance-switcher").selectOption("default");
    await page.waitForURL((url) => url.hash === "#/run", { timeout: UI_TIMEOUT_MS });
    await heading("Run");
    await page.locator("#process-state", { hasText: "Running" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await pidShown()).toBe(String(await pidOf("default")));
    expect(await page.locator("#instance-switcher").inputValue()).toBe("default");
  }, BROWSER_TEST_MS);

  test("the overview at phone width and in dark mode fits without sideways scrolling", async () => {
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Instances", exact: true }).click();
    await heading("Instances");
    await card("second").locator(".badge", { hasText: "Running" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshotEveryWay(page, "instances-overview");
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await horizontalOverflow(page)).toBe(0);
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, BROWSER_TEST_MS);

  test("a running instance is not deleted; once stopped, deleting asks first and says it went to the trash folder", async () => {
    await card("second").getByRole("button", { name: "Delete Second bot" }).click();
    await page.getByText("Second bot is running: stop it before deleting it.").waitFor({ timeout: UI_TIMEOUT_MS });
    await card("second").getByRole("button", { name: "Stop Second bot" }).click();
    await card("second").locator(".badge", { hasText: "Stopped" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await card("second").getByRole("button", { name: "Delete Second bot" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("trash folder").waitFor();
    await dialog.getByRole("button", { name: "Delete instance" }).click();
    await page.getByText(/Second bot was deleted; its files are in .*trash/).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await card("second").count()).toBe(0);
    // One instance left: the switcher goes away.
    await page.locator("#instance-switcher").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    expect(pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);
});
