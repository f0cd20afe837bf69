// Chat pickers only where they can work: a bot account cannot list its chats, so sources, destinations and admins
// offer a line on finding ids instead; a user account gets the pickers. And one phone number field on the account page.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import type { ServerProcess } from "./helpers/server-process.ts";
import { openBrowserSession, type BrowserSession } from "./helpers/session.ts";
import { openPage, runnableConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;
const BOT_HINT = "A bot cannot list chats";

let session: BrowserSession;
let server: ServerProcess;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;

beforeAll(async () => {
  session = await openBrowserSession();
  ({ server, page, pageProblems, dataDir } = session);
});

afterAll(() => session?.close());

const pickButtons = () => page.getByRole("button", { name: /^Pick a chat|^Add from your chats/ });
const phoneFields = () => page.getByLabel("Phone number", { exact: true });

async function useAccountType(userType: 0 | 1): Promise<void> {
  const answer = await server.api("api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: { user_type: userType } }) });
  expect(answer.status).toBe(200);
  await page.reload();
  await page.locator("main h1").waitFor({ timeout: UI_TIMEOUT_MS });
}

describe("a bot account", () => {
  test("connections offer no chat picker, and say how to find a chat's id", async () => {
    await openPage(page, "connections");
    const source = page.locator("#field-forwards-0-source");
    await source.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await pickButtons().count()).toBe(0);
    // The source's hint describes its input; the destinations list has one hint for all its entries.
    const description = await source.evaluate((input) =>
      (input.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" "),
    );
    expect(description).toContain(BOT_HINT);
    expect(description).toContain("@userinfobot");
    expect(await page.getByRole("group", { name: "Destinations" }).getByText(BOT_HINT).count()).toBe(1);
    expect(describeViolations("connections (bot)", await seriousViolations(page))).toEqual([]);
    await screenshotEveryWay(page, "chat-ids-bot");
  }, BROWSER_TEST_MS);

  test("admins offer no chat picker, and say how to find a person's id", async () => {
    await openPage(page, "admins");
    await page.getByText("type the person's user id or @username").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await pickButtons().count()).toBe(0);
  }, BROWSER_TEST_MS);

  test("the account page shows no phone number field", async () => {
    await openPage(page, "account");
    await page.getByLabel("API ID").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await phoneFields().count()).toBe(0);
  }, BROWSER_TEST_MS);
});

describe("a user account", () => {
  test("connections and admins offer the chat pickers, without the bot hint", async () => {
    await useAccountType(1);
    await openPage(page, "connections");
    await page.getByRole("button", { name: "Pick a chat for Source" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByRole("group", { name: "Destinations" }).getByRole("button", { name: "Add from your chats" }).count()).toBe(1);
    expect(await page.getByText(BOT_HINT).count()).toBe(0);
    await openPage(page, "admins");
    await page.getByRole("button", { name: "Add from your chats" }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("the account page has one phone number field: the sign-in's (login.phone_no stays in the config, unshown)", async () => {
    await openPage(page, "account");
    await page.getByRole("button", { name: "Send code" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByText("More details").click();
    expect(await phoneFields().count()).toBe(1);
    expect(await phoneFields().getAttribute("id")).toBe("telegram-phone");
    const config = await (await server.api("api/config")).json();
    expect(config.login.phone_no).toBeNumber();
    expect(describeViolations("account (user)", await seriousViolations(page))).toEqual([]);
    await screenshotEveryWay(page, "account-user");
  }, BROWSER_TEST_MS);
});

test("no script error or CSP violation", () => {
  expect(pageProblems).toEqual([]);
});
