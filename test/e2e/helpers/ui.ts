// Steps the browser tests share: signing in, moving between pages, reading the config file, taking screenshots.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { DESKTOP, PHONE } from "./browser.ts";
import { E2E_TOKEN } from "./server-process.ts";

export const CONFIG_FILE = "tgcf.config.json";
export const ARTIFACTS_DIR = resolve(import.meta.dir, "../../artifacts");
export const README_SCREENSHOTS_DIR = resolve(import.meta.dir, "../../../docs/screenshots");
/** Generous upper bound for anything the UI shows after a server round trip. */
export const UI_TIMEOUT_MS = 15_000;

export const PAGE_TITLES = {
  account: "Telegram account",
  admins: "Admins",
  connections: "Connections",
  plugins: "Plugins",
  run: "Run",
  activity: "Activity",
  alerts: "Alerts",
  advanced: "Advanced",
} as const;
export type PageName = keyof typeof PAGE_TITLES;

export async function signIn(page: Page, url: string, token = E2E_TOKEN): Promise<void> {
  if (!page.url().startsWith(url)) await page.goto(url);
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Pages" }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Opens a page through the navigation, as a user would. */
export async function openPage(page: Page, name: PageName): Promise<void> {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: PAGE_TITLES[name], exact: true }).click();
  await page.getByRole("heading", { level: 1, name: PAGE_TITLES[name] }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Opens `name` afresh: the page reads the file as it is now. */
export async function openPageAfresh(page: Page, name: PageName): Promise<void> {
  await openPage(page, name);
  await page.reload();
  await page.getByRole("heading", { level: 1 }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator(".save-bar").waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The save bar's Save button. */
export const saveBarButton = (page: Page) => page.locator(".save-bar").getByRole("button", { name: "Save", exact: true });

/** Resolves once the save bar says the save went through. */
export const saveBarSaved = (page: Page) =>
  page.locator(".save-bar").getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });

/**
 * Where the instance `default` keeps its config: in its own folder once the server has laid out the data dir, at the
 * root before its first start (a single-instance data dir, which the server migrates there when it starts).
 */
export function configPath(dataDir: string): string {
  const instanceDir = join(dataDir, "instances", "default");
  return join(existsSync(instanceDir) ? instanceDir : dataDir, CONFIG_FILE);
}

export function configBytes(dataDir: string): string {
  return readFileSync(configPath(dataDir), "utf8");
}

export function readConfig(dataDir: string): Record<string, any> {
  return JSON.parse(configBytes(dataDir)) as Record<string, any>;
}

export function writeConfig(dataDir: string, config: unknown): void {
  writeFileSync(configPath(dataDir), JSON.stringify(config, null, 2));
}

/** Changes the file on disk the way tgcf or another tab would, behind the page's back. */
export function changeConfigOnDisk(dataDir: string, change: (config: Record<string, any>) => void): void {
  const config = readConfig(dataDir);
  change(config);
  writeConfig(dataDir, config);
}

/** A config tgcf can start with: a bot login and one enabled connection. */
export function runnableConfig(): Record<string, unknown> {
  return {
    login: { API_ID: 12345, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 0, BOT_TOKEN: "123456:ABC-fake-bot-token" },
    forwards: [{ con_name: "news", use_this: true, source: -1001234567890, dest: ["@mirror"], offset: 0, end: 0 }],
  };
}

/** The page's horizontal overflow in CSS pixels (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Screenshots of the current page at desktop and phone width, light and dark, into test/artifacts/.
 * The viewport is made as tall as the page (so sticky bars sit where they belong), then restored.
 */
export async function screenshotEveryWay(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const files: string[] = [];
  for (const [sizeName, size] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize(size);
      await page.waitForTimeout(100);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
      const file = join(ARTIFACTS_DIR, `${name}-${sizeName}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      files.push(file);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(DESKTOP);
  return files;
}

/** Copies a screenshot to docs/screenshots/ for the README, only when asked (UPDATE_SCREENSHOTS=1): a test run leaves tracked files alone. */
export function publishScreenshot(artifact: string, name: string): void {
  if (process.env.UPDATE_SCREENSHOTS !== "1") return;
  mkdirSync(README_SCREENSHOTS_DIR, { recursive: true });
  copyFileSync(artifact, join(README_SCREENSHOTS_DIR, name));
}
