// Telegram in a real browser against the real server, whose Telegram helper is the scripted fake: the sign-in wizard
// (phone, code, two-step password, errors at their field, waits, cancel, resume), the login check and the chat picker.
// One server per scenario: the server allows one code request a minute, and a restart is the only way to reset that.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Locator, Page } from "playwright-core";
import { launchBrowser, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import {
  FAKE_BOT_TOKEN,
  FAKE_PASSWORD,
  FAKE_SESSIONS,
  FLOOD_WAIT_SECONDS,
  helpersRunningFrom,
  PHONES,
  RIGHT_CODE,
  startTelegramUiServer,
  WRONG_CODE,
  type TelegramUiServer,
  type TelegramUiServerOptions,
} from "./helpers/telegram.ts";
import { openPage, readConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 60_000;
const POLL_MS = 100;

let browser: Browser;
let page: Page;
let pageProblems: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
});

/** Starts a server for the tests of one describe block and signs the page in to it. */
function serverFor(options: TelegramUiServerOptions): () => TelegramUiServer {
  let running: TelegramUiServer;
  beforeAll(async () => {
    running = await startTelegramUiServer(options);
    await signIn(page, running.server.url);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => running;
}

const wizard = () => page.getByRole("region", { name: "Sign in with your phone" });
const checkCard = () => page.getByRole("region", { name: "Check the login" });
const saveButton = () => page.getByRole("button", { name: "Save", exact: true });
const saved = () => page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
/** Waits until the input with `id` holds `value` (a picked chat reaches the input after a render). */
const valueBecomes = (id: string, value: string) =>
  page.waitForFunction(([target, expected]) => (document.getElementById(target!) as HTMLInputElement | null)?.value === expected, [id, value], {
    timeout: UI_TIMEOUT_MS,
  });
const focusMovesTo = (id: string) => page.waitForFunction((expected) => document.activeElement?.id === expected, id, { timeout: UI_TIMEOUT_MS });

async function chooseUserAccount(): Promise<void> {
  await openPage(page, "account");
  await page.getByRole("radio", { name: "user account" }).check();
  await wizard().waitFor({ timeout: UI_TIMEOUT_MS });
}

async function sendPhone(phone: string): Promise<void> {
  await wizard().getByLabel("Phone number", { exact: true }).fill(phone);
  await wizard().getByRole("button", { name: "Send code" }).click();
}

/** The input's error text once it shows, after checking it is tied to the input and the input has the focus. */
async function errorAtField(input: Locator, id: string): Promise<string> {
  const error = page.locator(`#${id}-error`);
  await error.filter({ hasText: /\S/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await input.getAttribute("aria-describedby")).toContain(`${id}-error`);
  expect(await input.getAttribute("aria-invalid")).toBe("true");
  await focusMovesTo(id);
  return (await error.textContent()) ?? "";
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(POLL_MS);
  }
}

describe("sign-in without two-step verification", () => {
  const running = serverFor({ login: { user_type: 0 } });

  test("a number that is not a phone number shows its error at the phone field", async () => {
    await chooseUserAccount();
    await sendPhone("12");
    const message = await errorAtField(wizard().getByLabel("Phone number", { exact: true }), "telegram-phone");
    expect(message).toContain("country code");
    await screenshotEveryWay(page, "telegram-phone-error");
  }, BROWSER_TEST_MS);

  test("an unreachable Telegram is said plainly, and the failed request does not count against the code limit", async () => {
    await sendPhone(PHONES.unreachable);
    await wizard().getByRole("alert").filter({ hasText: "Telegram cannot be reached from this server" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await wizard().getByRole("button", { name: "Send code" }).isEnabled()).toBe(true);
  }, BROWSER_TEST_MS);

  test("a wrong code shows its error at the code field, which says where the code was sent", async () => {
    await sendPhone(PHONES.signsIn);
    const code = wizard().getByLabel("Code", { exact: true });
    await code.waitFor({ timeout: UI_TIMEOUT_MS });
    await focusMovesTo("telegram-code");
    expect(await wizard().textContent()).toContain("Telegram sent the code to your Telegram app");
    await code.fill(WRONG_CODE);
    await wizard().getByRole("button", { name: "Sign in", exact: true }).click();
    expect(await errorAtField(code, "telegram-code")).toContain("Wrong code");
    await screenshotEveryWay(page, "telegram-code-error");
  }, BROWSER_TEST_MS);

  test("the right code saves the session string with user_type 1, shows the account, and keeps unsaved edits", async () => {
    await page.locator("details.more summary").click();
    await page.locator("#field-login-USERNAME").fill("typed-before-sign-in");
    await wizard().getByLabel("Code", { exact: true }).fill(RIGHT_CODE);
    await wizard().getByRole("button", { name: "Sign in", exact: true }).click();
    await wizard().getByText("Signed in as Ada Lovelace (@ada)").waitFor({ timeout: UI_TIMEOUT_MS });

    const login = readConfig(running().dataDir).login;
    expect(login.SESSION_STRING).toBe(FAKE_SESSIONS.plain);
    expect(login.user_type).toBe(1);
    await page.locator("#field-login-SESSION_STRING .secret-state").filter({ hasText: /^set$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator("#field-login-USERNAME").inputValue()).toBe("typed-before-sign-in");
    await screenshotEveryWay(page, "telegram-signed-in");

    // The page took the new ETag: saving the other edit now is no conflict, and keeps the session string.
    await saveButton().click();
    await saved();
    const after = readConfig(running().dataDir).login;
    expect(after).toMatchObject({ USERNAME: "typed-before-sign-in", SESSION_STRING: FAKE_SESSIONS.plain, user_type: 1 });
    expect(await page.content()).not.toContain(FAKE_SESSIONS.plain);
  }, BROWSER_TEST_MS);

  test("another code cannot be asked for within a minute: the wizard counts down instead of sending", async () => {
    await wizard().getByRole("button", { name: "Done" }).click();
    await wizard().getByRole("button", { name: "Sign in again" }).click();
    await wizard().getByLabel("Phone number", { exact: true }).fill(PHONES.needsPassword);
    await wizard().getByText(/You can ask for a code again in \d+ s/).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await wizard().getByRole("button", { name: "Send code" }).isDisabled()).toBe(true);
    await wizard().getByRole("button", { name: "Cancel" }).click();
    await wizard().getByRole("button", { name: "Sign in again" }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("check login names the signed-in user", async () => {
    await checkCard().getByRole("button", { name: "Check login" }).click();
    await checkCard().getByText("The saved session string works: it signs in as Ada Lovelace (@ada), id 1001.").waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("the chat picker fills a connection's source and destination, saved to disk", async () => {
    await openPage(page, "connections");
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.getByRole("button", { name: "Pick a chat for Source" }).click();
    const picker = page.getByRole("dialog", { name: "Pick a chat for Source" });
    await picker.getByLabel("Filter").waitFor({ timeout: UI_TIMEOUT_MS });
    await focusMovesTo("picker-filter");
    expect(await picker.getByRole("status").textContent()).toBe("6 chats");
    await picker.getByLabel("Filter").fill("book");
    expect(await picker.getByRole("status").textContent()).toBe("1 of 6 chats");
    await screenshotEveryWay(page, "telegram-picker");
    await picker.getByRole("button", { name: /Book club/ }).click();
    await picker.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await valueBecomes("field-forwards-0-source", "-1001234567890");
    await focusMovesTo("field-forwards-0-source");
    expect(await page.locator("#field-forwards-0-source-chat").textContent()).toBe("Book club (supergroup, @bookclub)");

    // From the keyboard: type, and Enter takes the only match.
    await page.getByRole("group", { name: "Destinations" }).getByRole("button", { name: "Add from your chats" }).click();
    const destPicker = page.getByRole("dialog", { name: "Add to Destinations from your chats" });
    await destPicker.getByLabel("Filter").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.type("news");
    await page.keyboard.press("Enter");
    await destPicker.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await valueBecomes("field-forwards-0-dest-0", "-1009876543210");

    await saveButton().click();
    await saved();
    expect(readConfig(running().dataDir).forwards[0]).toMatchObject({ source: -1001234567890, dest: [-1009876543210] });
    await screenshotEveryWay(page, "telegram-connection-picked");
  }, BROWSER_TEST_MS);

  test("the chat picker keeps the focus inside, closes on Escape and gives the focus back", async () => {
    const opener = page.getByRole("button", { name: "Pick a chat for Destination 1" });
    await opener.click();
    const picker = page.getByRole("dialog", { name: "Pick a chat for Destination 1" });
    await picker.getByLabel("Filter").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await picker.getByRole("button", { name: /News/ }).getAttribute("aria-current")).toBe("true");
    await screenshotEveryWay(page, "telegram-picker-list");
    for (let presses = 0; presses < 12; presses++) {
      await page.keyboard.press(presses % 3 === 2 ? "Shift+Tab" : "Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("dialog.picker"))).toBe(true);
    }
    await picker.getByLabel("Filter").fill("zzz");
    await picker.getByText("Nothing matches “zzz”.").waitFor();
    await page.keyboard.press("Escape");
    await picker.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Pick a chat");
    expect(await page.locator("#field-forwards-0-dest-0").inputValue()).toBe("-1009876543210");
  }, BROWSER_TEST_MS);

  test("the chat picker adds an admin from the people among the chats, saved to disk", async () => {
    await openPage(page, "admins");
    await page.getByRole("button", { name: "Add from your chats" }).click();
    const picker = page.getByRole("dialog", { name: "Add to Admins from your chats" });
    await picker.getByRole("status").filter({ hasText: "2 people" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await picker.getByRole("button", { name: /Book club/ }).count()).toBe(0);
    await picker.getByRole("button", { name: /Grace Hopper/ }).click();
    await picker.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
    await valueBecomes("field-admins-0", "777");
    await saveButton().click();
    await saved();
    expect(readConfig(running().dataDir).admins).toEqual([777]);
  }, BROWSER_TEST_MS);
});

describe("sign-in with two-step verification", () => {
  const running = serverFor({ login: { user_type: 1 } });

  test("the password step shows the hint, a wrong password errors at the field, and the right one signs in", async () => {
    await openPage(page, "account");
    await sendPhone(PHONES.needsPassword);
    const code = wizard().getByLabel("Code", { exact: true });
    await code.fill(RIGHT_CODE);
    await wizard().getByRole("button", { name: "Sign in", exact: true }).click();
    const password = wizard().getByLabel("Password", { exact: true });
    await password.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await wizard().locator(".password-hint").textContent()).toBe("the usual");
    await focusMovesTo("telegram-password");

    await password.fill("not the password");
    await wizard().getByRole("button", { name: "Sign in", exact: true }).click();
    expect(await errorAtField(password, "telegram-password")).toContain("Wrong password");
    await screenshotEveryWay(page, "telegram-password-error");

    await password.fill(FAKE_PASSWORD);
    await wizard().getByRole("button", { name: "Sign in", exact: true }).click();
    await wizard().getByText("Signed in as Ada Lovelace (@ada)").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(readConfig(running().dataDir).login).toMatchObject({ SESSION_STRING: FAKE_SESSIONS.twoStep, user_type: 1 });
  }, BROWSER_TEST_MS);
});

describe("resuming and cancelling a sign-in", () => {
  const running = serverFor({ login: { user_type: 1 } });

  test("after a reload the wizard is back at the code step; Cancel ends the sign-in and its helper", async () => {
    await openPage(page, "account");
    await sendPhone(PHONES.needsPassword);
    await wizard().getByLabel("Code", { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(helpersRunningFrom(running().python).length).toBe(1);

    await page.reload();
    await wizard().getByLabel("Code", { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await wizard().textContent()).toMatch(/this sign-in is cancelled in \d+ min/);
    await screenshotEveryWay(page, "telegram-code");

    await wizard().getByRole("button", { name: "Cancel" }).click();
    await wizard().getByText("The sign-in was cancelled.").waitFor({ timeout: UI_TIMEOUT_MS });
    await focusMovesTo("telegram-sign-in-start");
    await screenshotEveryWay(page, "telegram-cancelled");
    const status = await (await running().server.api("api/telegram/login")).json();
    expect(status).toMatchObject({ stage: "none", lastEnded: "cancelled" });
    await until(() => helpersRunningFrom(running().python).length === 0, "the helper to exit");
  }, BROWSER_TEST_MS);
});

describe("Telegram asks to wait", () => {
  serverFor({ login: { user_type: 1 } });

  test("a flood wait shows the seconds, and Send code waits them out", async () => {
    await openPage(page, "account");
    await sendPhone(PHONES.floodWait);
    await wizard().getByRole("alert").filter({ hasText: `Telegram asks to wait ${FLOOD_WAIT_SECONDS} seconds` }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await wizard().getByText(/You can ask for a code again in (\d+ s|1 min \d+ s)/).count()).toBe(1);
    expect(await wizard().getByRole("button", { name: "Send code" }).isDisabled()).toBe(true);
    await screenshotEveryWay(page, "telegram-flood-wait");
  }, BROWSER_TEST_MS);
});

describe("a server that cannot sign in yet", () => {
  serverFor({ login: null, mode: "telethon-missing" });

  test("without a saved API ID and hash the wizard says what to save and links to my.telegram.org", async () => {
    await chooseUserAccount();
    await wizard().getByText("Signing in needs your API ID and API hash saved first").waitFor();
    expect(await wizard().getByRole("link", { name: "my.telegram.org" }).getAttribute("href")).toBe("https://my.telegram.org");
    expect(await wizard().getByLabel("Phone number", { exact: true }).count()).toBe(0);
    await screenshotEveryWay(page, "telegram-missing-credentials");
  }, BROWSER_TEST_MS);

  test("without Telethon the wizard shows the server's how-to-fix message", async () => {
    await page.getByLabel("API ID").fill("4242");
    await page.getByRole("button", { name: "Set API hash" }).click();
    await page.getByLabel("API hash: new value").fill("feedfacefeedfacefeedfacefeedface");
    await saveButton().click();
    await saved();
    await sendPhone(PHONES.signsIn);
    const alert = wizard().getByRole("alert");
    await alert.getByText("Telegram sign-in cannot run on this server").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await alert.textContent()).toContain("Telethon is not installed");
    expect(await alert.textContent()).toContain("TGCF_SERVER_PYTHON");
    await screenshotEveryWay(page, "telegram-no-telethon");
  }, BROWSER_TEST_MS);
});

describe("a bot login", () => {
  serverFor({ login: { user_type: 0, BOT_TOKEN: FAKE_BOT_TOKEN } });

  test("check login names the bot, and the page offers no phone sign-in", async () => {
    await openPage(page, "account");
    await checkCard().getByRole("button", { name: "Check login" }).click();
    await checkCard().getByText("The saved bot token works: it signs in as the bot Forward Bot (@fwd_bot), id 123456.").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await wizard().count()).toBe(0);
    await screenshotEveryWay(page, "telegram-check-bot");
  }, BROWSER_TEST_MS);

  test("a refused bot token is named, with a link to its field", async () => {
    await page.getByRole("button", { name: "Replace Bot token" }).click();
    await page.getByLabel("Bot token: new value").fill("999:not-a-real-token");
    await saveButton().click();
    await saved();
    await checkCard().getByRole("button", { name: "Check login" }).click();
    const alert = checkCard().getByRole("alert");
    await alert.getByText("Telegram refused the bot token").waitFor({ timeout: UI_TIMEOUT_MS });
    await alert.getByRole("button", { name: "Login › Bot token" }).click();
    expect(await page.evaluate(() => !!document.activeElement?.closest("#field-login-BOT_TOKEN"))).toBe(true);
  }, BROWSER_TEST_MS);

  test("a bot account gets no chat picker, which could only say that bots cannot list chats", async () => {
    await openPage(page, "admins");
    expect(await page.getByRole("button", { name: "Add from your chats" }).count()).toBe(0);
    await page.getByText("@userinfobot").first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshotEveryWay(page, "telegram-admins-bot");
  }, BROWSER_TEST_MS);
});

test("no script error and no Content-Security-Policy violation happened on the page in any test above", () => {
  expect(pageProblems).toEqual([]);
});
