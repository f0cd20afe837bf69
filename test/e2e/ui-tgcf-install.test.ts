// The first run on a machine without tgcf: the Run page says so, installs it with progress, and Start then works.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { ARTIFACTS_DIR, signIn, UI_TIMEOUT_MS } from "./helpers/ui.ts";
import { offlineEnv, standInTgcf, startPackageIndex, TINYDEP, type PackageIndex } from "../modules/tgcf-install/package-index.ts";

const BROWSER_TEST_MS = 180_000;
const INSTALL_TIMEOUT_MS = 120_000;

let session: BrowserSession;
let server: ServerProcess;
let index: PackageIndex;
let page: Page;
let pageProblems: string[] = [];

beforeAll(async () => {
  index = await startPackageIndex([standInTgcf("1.1.8"), TINYDEP]);
  // No tgcf on this PATH, pip pointed at the index served above and nowhere else.
  session = await openBrowserSession({ env: { ...(offlineEnv(index.url) as Record<string, string>), TGCF_SERVER_COMMAND: "tgcf" }, signIn: false });
  ({ server, page, pageProblems } = session);
});
afterAll(async () => {
  await session?.close();
  await index?.stop();
});

test(
  "without tgcf the Run page offers to install it, shows the install's steps, and Start then runs the installed tgcf",
  async () => {
    await signIn(page, server.url);
    const panel = page.getByRole("region", { name: "tgcf is not installed" });
    await panel.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await panel.textContent()).toContain("tgcf");
    await page.screenshot({ path: `${ARTIFACTS_DIR}/tgcf-install-offer.png` });
    await panel.getByRole("button", { name: "Install tgcf 1.1.8" }).click();
    await page.getByRole("region", { name: "tgcf is installed" }).waitFor({ timeout: INSTALL_TIMEOUT_MS });
    const progress = page.locator(".install-progress");
    expect(await progress.textContent()).toMatch(/tgcf 1\.1\.8 is installed \(Python 3\.\d+/);
    expect(await page.locator(".install-progress progress").getAttribute("value")).not.toBe("0");
    await page.getByText(/Full output \(\d+ lines\)/).click();
    expect(await page.locator(".install-output").textContent()).toMatch(/tinydep/i);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/tgcf-install-done.png`, fullPage: true });
    expect(await page.locator(".first-run-steps li", { hasText: "tgcf is installed" }).locator(".step-state").textContent()).toBe("Done");
    // streamlit, which the stand-in declares like the real tgcf, was never asked of the index.
    expect(index.requests.some((path) => path.includes("streamlit"))).toBe(false);

    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.locator("#process-state", { hasText: "Running" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const status = await (await server.api("api/status")).json();
    expect(status.isRunning).toBe(true);
    const info = await (await server.api("api/info")).json();
    expect(info.tgcfCommand).toContain(".tgcf-server");
    expect(info.tgcfVersion).toBe("1.1.8");
  },
  BROWSER_TEST_MS,
);

test("no script error and no Content-Security-Policy violation happened on the page", () => {
  expect(pageProblems).toEqual([]);
});
