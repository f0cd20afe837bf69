// What most browser tests start with: a real server on a fresh data dir holding a config, and a Chromium page watched
// for script errors and CSP violations, signed in unless asked not to be.
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser, watchForPageProblems, type Browser } from "./browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./server-process.ts";
import { runnableConfig, signIn, writeConfig } from "./ui.ts";

export interface BrowserSession {
  server: ServerProcess;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** Script errors and CSP violations seen on the page (a test at the end expects none). */
  pageProblems: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** tgcf.config.json before the server starts; default runnableConfig(); null: an empty data dir. */
  config?: unknown;
  /** The server's environment on top of the defaults (the fake tgcf). */
  env?: Record<string, string>;
  /** Default true. */
  signIn?: boolean;
}

export async function openBrowserSession(options: SessionOptions = {}): Promise<BrowserSession> {
  const dataDir = tempDataDir();
  if (options.config !== null) writeConfig(dataDir, options.config ?? runnableConfig());
  const server = new ServerProcess({ port: await freePort(), dataDir, env: options.env });
  await server.start();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const pageProblems = watchForPageProblems(page);
  if (options.signIn ?? true) await signIn(page, server.url);
  return {
    server,
    browser,
    page,
    dataDir,
    pageProblems,
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
