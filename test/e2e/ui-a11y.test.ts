// Accessibility, measured: axe-core on every page (and the sign-in form) in light, dark and phone layouts, no serious
// or critical violation; plus what axe does not judge: log text size on phones and buttons that look disabled.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { PAGE_PARTS } from "../../public/lib/page-parts.ts";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import { DESKTOP, launchBrowser, PHONE, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { openPage, PAGE_TITLES, runnableConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig, type PageName } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 120_000;
/** The fake tgcf prints a line this often, so the log holds tgcf's coloured output while axe looks at it. */
const TICK_MS = "250";
/** Text smaller than this is hard to read on a phone (the floor for the log). */
const MIN_PHONE_LOG_PX = 13;

const LAYOUTS = [
  { name: "light", colorScheme: "light", size: DESKTOP },
  { name: "dark", colorScheme: "dark", size: DESKTOP },
  { name: "phone", colorScheme: "light", size: PHONE },
] as const;
type Layout = (typeof LAYOUTS)[number];

/** Every page of the app, as the UI lists its parts. */
const PAGE_NAMES = Object.keys(PAGE_PARTS) as PageName[];

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  server = new ServerProcess({ port: await freePort(), dataDir, env: { FAKE_TGCF_TICK_MS: TICK_MS } });
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

async function useLayout(layout: Layout): Promise<void> {
  await page.emulateMedia({ colorScheme: layout.colorScheme });
  await page.setViewportSize(layout.size);
}

/** axe's serious and critical findings for the page as shown now, in each layout. */
async function findingsEveryLayout(where: string, settle: () => Promise<void>): Promise<string[]> {
  const findings: string[] = [];
  for (const layout of LAYOUTS) {
    await useLayout(layout);
    await settle();
    findings.push(...describeViolations(`${where} (${layout.name})`, await seriousViolations(page)));
  }
  await useLayout(LAYOUTS[0]);
  return findings;
}

describe("accessibility (axe-core)", () => {
  test("every page has a name in the test's list", () => {
    expect(PAGE_NAMES.every((name) => name in PAGE_TITLES)).toBe(true);
  });

  test("the sign-in form has no serious or critical violation", async () => {
    await page.goto(server.url);
    await page.getByLabel("Token").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await findingsEveryLayout("sign-in", async () => {})).toEqual([]);
    await screenshotEveryWay(page, "a11y-sign-in");
  }, BROWSER_TEST_MS);

  test("a disabled primary button looks disabled in light and dark", async () => {
    const signInButton = page.getByRole("button", { name: "Sign in" });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await signInButton.isDisabled()).toBe(true);
      const look = await signInButton.evaluate((button) => {
        const style = getComputedStyle(button);
        const accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim();
        const probe = document.createElement("span");
        probe.style.color = accent;
        document.body.append(probe);
        const accentColour = getComputedStyle(probe).color;
        probe.remove();
        return { background: style.backgroundColor, accentColour, cursor: style.cursor };
      });
      // Not the accent colour of a button that can be pressed, and the pointer says no.
      expect(look.background).not.toBe(look.accentColour);
      expect(look.cursor).toBe("not-allowed");
    }
    await page.emulateMedia({ colorScheme: "light" });
  }, BROWSER_TEST_MS);

  test("tgcf runs so the log holds its coloured output", async () => {
    await signIn(page, server.url);
    const answer = await server.api("api/run", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(answer.status).toBeLessThan(300);
    await openPage(page, "run");
    await page.locator(".log-rows .log-row .log-text span[class*='ansi-']").first().waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  for (const name of PAGE_NAMES) {
    test(`the ${name} page has no serious or critical violation`, async () => {
      await openPage(page, name);
      // Every part of the page that loads on its own (the config form, panels) has finished.
      await page.waitForFunction(() => document.querySelector("main .loading") === null, undefined, { timeout: UI_TIMEOUT_MS });
      const findings = await findingsEveryLayout(name, async () => {
        // The phone layout hides the navigation behind the menu button: the page itself is what is checked.
        await page.getByRole("heading", { level: 1, name: PAGE_TITLES[name] }).waitFor({ timeout: UI_TIMEOUT_MS });
      });
      expect(findings).toEqual([]);
      await screenshotEveryWay(page, `a11y-${name}`);
    }, BROWSER_TEST_MS);
  }

  test(`log text is at least ${MIN_PHONE_LOG_PX} px on a phone`, async () => {
    await openPage(page, "run");
    await page.setViewportSize(PHONE);
    const size = await page.locator(".log-rows").evaluate((rows) => parseFloat(getComputedStyle(rows).fontSize));
    await page.setViewportSize(DESKTOP);
    expect(size).toBeGreaterThanOrEqual(MIN_PHONE_LOG_PX);
  }, BROWSER_TEST_MS);

  test("a bidi control in a log row is marked as one, not shown as typed text", async () => {
    // The row builder gives each control's marker this class (public/log/log-rows.ts); the style must set it apart.
    const marker = await page.locator(".log-rows .log-text").first().evaluate((text) => {
      const span = document.createElement("span");
      span.className = "text-control";
      span.textContent = "<U+202E>";
      text.append(span);
      const style = getComputedStyle(span);
      const result = { outline: style.outlineStyle, opacity: Number(style.opacity) };
      span.remove();
      return result;
    });
    expect(marker.outline).toBe("dotted");
    expect(marker.opacity).toBeLessThan(1);
  }, BROWSER_TEST_MS);

  test("no script error or CSP violation on any page", () => {
    expect(pageProblems).toEqual([]);
  });
});
