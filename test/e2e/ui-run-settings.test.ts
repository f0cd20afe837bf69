// The Advanced page's run settings of an instance, in Chromium: the server's value or the instance's own, saved into
// its instance.json, refused at the field when the flag would refuse them, and not changeable while tgcf runs.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { openPage, screenshotEveryWay, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;
let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession({ env: { FAKE_TGCF_TICK_MS: "200" } });
});
afterAll(async () => {
  await session?.close();
});

const panel = () => session.page.getByRole("region", { name: "How tgcf-server runs this instance" });
const setting = (label: string) => panel().getByRole("group", { name: label });
const instanceFile = () => JSON.parse(readFileSync(join(session.dataDir, "instances", "default", ".tgcf-server", "instance.json"), "utf8"));

describe("run settings of an instance", () => {
  test("each setting starts as the server's; the instance's own values are saved into its instance.json", async () => {
    await openPage(session.page, "advanced");
    await setting("Time tgcf gets to stop").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await setting("Restart tgcf when it exits on its own").getByRole("checkbox", { name: /The server’s value \(on\)/ }).isChecked()).toBe(true);
    await setting("Time tgcf gets to stop").getByRole("checkbox", { name: /The server’s value/ }).uncheck();
    await setting("Time tgcf gets to stop").getByLabel("This instance (seconds)").fill("8");
    await setting("Restart tgcf when it exits on its own").getByRole("checkbox", { name: /The server’s value/ }).uncheck();
    await setting("Restart tgcf when it exits on its own").getByRole("checkbox", { name: "On for this instance" }).uncheck();
    await panel().getByRole("button", { name: "Save run settings" }).click();
    await panel().getByRole("status").filter({ hasText: "Saved." }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(instanceFile().settings).toEqual({ stopGraceMs: 8000, autoRestart: false });
  }, BROWSER_TEST_MS);

  test("a value the flag would refuse is shown at its setting, and nothing is saved", async () => {
    await setting("Automatic restarts allowed per hour").getByRole("checkbox", { name: /The server’s value/ }).uncheck();
    await setting("Automatic restarts allowed per hour").getByLabel("This instance").fill("0");
    await panel().getByRole("button", { name: "Save run settings" }).click();
    const error = setting("Automatic restarts allowed per hour").locator(".field-error");
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toContain("from 1 to 1000");
    expect(instanceFile().settings).toEqual({ stopGraceMs: 8000, autoRestart: false });
    expect(describeViolations("run settings", await seriousViolations(session.page))).toEqual([]);
    await screenshotEveryWay(session.page, "run-settings");
    await setting("Automatic restarts allowed per hour").getByRole("checkbox", { name: /The server’s value/ }).check();
  }, BROWSER_TEST_MS);

  test("while tgcf runs, saving waits: the page says to stop it first", async () => {
    expect((await session.server.api("api/run", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(200);
    await panel().getByRole("status").filter({ hasText: "Stop tgcf to change these" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await panel().getByRole("button", { name: "Save run settings" }).isDisabled()).toBe(true);
    expect((await session.server.api("api/stop", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(200);
    expect(session.pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);
});
