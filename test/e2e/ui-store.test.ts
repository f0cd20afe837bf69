// useStore in Chromium: a store change between a component's render and its effects is not lost.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { launchBrowser, type Browser } from "./helpers/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a change made right after the first render (before the subscription) is shown", async () => {
  const built = await Bun.build({ entrypoints: [join(import.meta.dir, "../fixtures/ui/store-race.tsx")], target: "browser" });
  expect(built.success).toBe(true);
  const script = await built.outputs[0]!.text();
  const page = await browser.newPage();
  await page.setContent('<div id="root"></div>');
  await page.addScriptTag({ content: script });
  await page.waitForFunction(() => document.getElementById("shown")?.textContent === "after", undefined, { timeout: 5_000 });
  expect(await page.locator("#shown").textContent()).toBe("after");
  await page.close();
});
