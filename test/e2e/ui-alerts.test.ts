// The Alerts page in Chromium, against local receivers on 127.0.0.1: a signed webhook set up through the page and
// tested, a failing receiver (the test's reason, a real alert's retries in the history), a Telegram bot on a fake
// Bot API, secrets never sent back to the page, field errors, the leave guard, axe and screenshots.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "bun";
import type { Locator, Page } from "playwright-core";
import { SIGNATURE_HEADER } from "../../src/modules/alerts/channels.ts";
import { ALERT_SECRET_PLACEHOLDER, AlertEventKindSchema } from "../../src/modules/alerts/model.ts";
import { describeViolations, seriousViolations } from "./helpers/axe.ts";
import { launchBrowser, PHONE, watchForPageProblems, type Browser } from "./helpers/browser.ts";
import { freePort, ServerProcess, tempDataDir } from "./helpers/server-process.ts";
import { horizontalOverflow, openPage, runnableConfig, screenshotEveryWay, signIn, UI_TIMEOUT_MS, writeConfig } from "./helpers/ui.ts";

const BROWSER_TEST_MS = 90_000;
const WEBHOOK_SECRET = "hook-secret-Vn4Qz8Lp2Rw6";
const BOT_TOKEN = "424242:fake-alert-bot-Token-Jq7Ws3";
const FAILING_ANSWER = "receiver is down for maintenance";

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Receiver {
  url: string;
  requests: Received[];
  stop(): void;
}

/** A local HTTP endpoint on 127.0.0.1 that records each request and answers with `answer`. */
function startReceiver(answer: (request: Received) => Response): Receiver {
  const requests: Received[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const received = { path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers), body: await request.text() };
      requests.push(received);
      return answer(received);
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => void server.stop(true) };
}

let server: ServerProcess;
let browser: Browser;
let page: Page;
let pageProblems: string[] = [];
let dataDir: string;
let webhook: Receiver;
let failing: Receiver;
let botApi: Receiver;

beforeAll(async () => {
  webhook = startReceiver(() => new Response("ok"));
  failing = startReceiver(() => new Response(FAILING_ANSWER, { status: 500 }));
  // Like Telegram's Bot API: sendMessage with the right token answers ok, anything else 404.
  botApi = startReceiver((request) =>
    request.path === `/bot${BOT_TOKEN}/sendMessage` ? Response.json({ ok: true, result: { message_id: 1 } }) : Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 }),
  );
  dataDir = tempDataDir();
  writeConfig(dataDir, runnableConfig());
  // tgcf (only started by the last test) exits on its own at once and is not restarted: one unexpected-exit alert.
  const env = { FAKE_TGCF_EXIT_AFTER_MS: "300", FAKE_TGCF_EXIT_CODE: "1", TGCF_SERVER_AUTO_RESTART: "false" };
  server = new ServerProcess({ port: await freePort(), dataDir, env });
  await server.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageProblems = watchForPageProblems(page);
  await signIn(page, server.url);
  await openPage(page, "alerts");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const receiver of [webhook, failing, botApi]) receiver?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const channelCard = (id: string) => page.locator(`.alert-channel[data-channel="${id}"]`);
const newChannelCard = () => page.locator('.alert-channel[data-channel=""]').last();
const historyEntries = () => page.locator(".alert-history-list > li");
const saved = () => page.locator(".save-bar").getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
const save = () => page.locator(".save-bar").getByRole("button", { name: "Save", exact: true }).click();

async function storedSettings(): Promise<Record<string, any>> {
  const answer = await server.api("api/alerts");
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, any>;
}

/** Adds a webhook through the page: its name, its address and, if given, its signing secret. */
async function addWebhook(name: string, url: string, secret?: string): Promise<Locator> {
  await page.getByRole("button", { name: "Add a webhook" }).click();
  const card = newChannelCard();
  await card.getByLabel("Name").fill(name);
  await card.getByLabel("Address").fill(url);
  if (secret !== undefined) {
    await card.getByRole("button", { name: "Set Signing secret (optional)" }).click();
    await card.getByLabel("Signing secret (optional): new value").fill(secret);
  }
  return card;
}

describe("the Alerts page", () => {
  test("with no channel it says alerts go nowhere, and shows an empty history", async () => {
    await page.getByText("No channel yet").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByText("No alert has been sent yet").waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("each event kind of the server's schema is offered with an explanation, and every event is the default", async () => {
    await page.getByRole("button", { name: "Add a webhook" }).click();
    const events = newChannelCard().getByRole("group", { name: "Events" });
    const kinds = AlertEventKindSchema.anyOf.map((literal) => literal.const);
    expect(await events.getByRole("radio", { name: "Every event" }).isChecked()).toBe(true);
    expect(await events.getByRole("checkbox").count()).toBe(0);
    // The page explains every kind once...
    await page.getByText("What each event means").click();
    expect(await page.locator(".alert-meanings dt").count()).toBe(kinds.length);
    // ...and again beside each box when the events are chosen one by one; all start chosen.
    await events.getByRole("radio", { name: "Only the events I choose" }).check();
    const boxes = events.getByRole("checkbox");
    expect(await boxes.count()).toBe(kinds.length);
    for (let index = 0; index < kinds.length; index++) {
      const box = boxes.nth(index);
      expect(await box.isChecked()).toBe(true);
      // Each checkbox is described by words, not by the kind's code name.
      const description = await box.evaluate((input) => document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent ?? "");
      expect(description.length).toBeGreaterThan(20);
      expect(description).not.toContain(kinds[index]!);
    }
    await newChannelCard().getByRole("button", { name: /^Remove/ }).click();
    await page.locator(".save-bar").getByRole("status").filter({ hasText: "All changes saved." }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("bad input is pointed out at its field, and nothing typed is lost", async () => {
    const card = await addWebhook("bad hook", "ftp://example.invalid/hook");
    await save();
    await card.getByText("Enter an address starting with http:// or https://").waitFor({ timeout: UI_TIMEOUT_MS });
    await card.getByText("Give the channel a name of 1 to 64 letters").waitFor();
    expect(await card.getByLabel("Address").getAttribute("aria-invalid")).toBe("true");
    expect(await card.getByLabel("Address").inputValue()).toBe("ftp://example.invalid/hook");
    expect(await card.getByLabel("Name").inputValue()).toBe("bad hook");
    // The summary's entries move focus to their field.
    await page.locator(".error-summary").getByRole("button", { name: /Address/ }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe("ftp://example.invalid/hook");
    expect((await storedSettings()).channels).toEqual([]);
    await card.getByRole("button", { name: /^Remove/ }).click();
  }, BROWSER_TEST_MS);

  test("what only the server refuses (a secret over its length limit) comes back at the field, with the draft kept", async () => {
    const card = await addWebhook("long-secret", `${webhook.url}/alerts`, "x".repeat(501));
    await save();
    await card.locator(".field-error").first().waitFor({ timeout: UI_TIMEOUT_MS });
    const secretField = card.getByRole("group", { name: "Signing secret (optional)" });
    expect(await secretField.locator(".field-error").count()).toBe(1);
    await page.locator(".error-summary").getByText("The server refused these settings").waitFor();
    expect(await card.getByLabel("Signing secret (optional): new value").inputValue()).toHaveLength(501);
    expect((await storedSettings()).channels).toEqual([]);
    await card.getByRole("button", { name: /^Remove/ }).click();
  }, BROWSER_TEST_MS);

  test("a webhook with a secret gets a test alert signed with HMAC-SHA256; the page shows it delivered and in the history", async () => {
    await addWebhook("ops-hook", `${webhook.url}/alerts`, WEBHOOK_SECRET);
    await save();
    await saved();
    const stored = await storedSettings();
    expect(stored.channels).toEqual([{ id: "ops-hook", kind: "webhook", url: `${webhook.url}/alerts`, secret: ALERT_SECRET_PLACEHOLDER }]);

    const card = channelCard("ops-hook");
    await card.getByRole("button", { name: "Send a test alert" }).click();
    await card.getByRole("status").getByText("Test alert delivered").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(webhook.requests).toHaveLength(1);
    const [request] = webhook.requests;
    expect(request!.path).toBe("/alerts");
    const expected = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(request!.body).digest("hex")}`;
    expect(request!.headers[SIGNATURE_HEADER]).toBe(expected);
    expect(JSON.parse(request!.body)).toMatchObject({ type: "tgcf-alert", event: "test" });

    const entry = historyEntries().first();
    await entry.getByText("Delivered", { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await entry.locator(".alert-entry-facts").innerText()).toMatch(/Event\s*Test[\s\S]*Channel\s*ops-hook/);
    expect(await entry.locator(".alert-attempts li").allInnerTexts()).toEqual([expect.stringMatching(/^First try, .*: delivered \(HTTP 200\)$/)]);
    expect(pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);

  test("a receiver that answers 500 shows the failure with its reason, at the channel and in the history", async () => {
    await addWebhook("broken-hook", `${failing.url}/hook`);
    await save();
    await saved();
    const card = channelCard("broken-hook");
    await card.getByRole("button", { name: "Send a test alert" }).click();
    const outcome = card.getByRole("status").locator(".notice.error");
    await outcome.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await outcome.innerText()).toContain(`not delivered after 1 attempt: HTTP 500: ${FAILING_ANSWER}`);
    expect(await outcome.innerText()).toContain("tried again after 1 s, 5 s and 30 s");
    expect(failing.requests).toHaveLength(1);

    const entry = historyEntries().first();
    await entry.getByText("Failed", { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await entry.locator(".alert-entry-facts").innerText()).toContain("broken-hook");
    expect(await entry.locator(".alert-attempts li").allInnerTexts()).toEqual([expect.stringContaining(`failed: HTTP 500: ${FAILING_ANSWER}`)]);
    // Newest first: the delivered test of ops-hook comes after.
    expect(await historyEntries().nth(1).locator(".alert-entry-facts").innerText()).toContain("ops-hook");
  }, BROWSER_TEST_MS);

  test("a Telegram bot channel sends its test to each chat through the Bot API server it names", async () => {
    await page.getByRole("button", { name: "Add a Telegram bot" }).click();
    const card = newChannelCard();
    await card.getByLabel("Name").fill("ops-bot");
    await card.getByRole("button", { name: "Set Bot token" }).click();
    await card.getByLabel("Bot token: new value").fill(BOT_TOKEN);
    await card.getByLabel("Chat ids").fill("-1001234567890\n@ops_alerts");
    await card.getByLabel("Bot API server (optional)").fill(botApi.url);
    // Only the chosen events: a fatal tgcf and a login problem (so the last test's unexpected exit does not reach it).
    await card.getByRole("radio", { name: "Only the events I choose" }).check();
    for (const name of ["Unexpected exit", "Restart storm", "Long FloodWait", "Stalled connection", "Recovered"]) await card.getByRole("checkbox", { name }).uncheck();
    await save();
    await saved();
    const stored = (await storedSettings()).channels.find((channel: { id: string }) => channel.id === "ops-bot");
    expect(stored).toEqual({ id: "ops-bot", kind: "telegram", url: botApi.url, botToken: ALERT_SECRET_PLACEHOLDER, chatIds: ["-1001234567890", "@ops_alerts"], events: ["fatal", "login-problem"] });

    await channelCard("ops-bot").getByRole("button", { name: "Send a test alert" }).click();
    await channelCard("ops-bot").getByRole("status").getByText("Test alert delivered").waitFor({ timeout: UI_TIMEOUT_MS });
    expect(botApi.requests.map((request) => request.path)).toEqual([`/bot${BOT_TOKEN}/sendMessage`, `/bot${BOT_TOKEN}/sendMessage`]);
    expect(botApi.requests.map((request) => JSON.parse(request.body).chat_id)).toEqual(["-1001234567890", "@ops_alerts"]);
    await historyEntries().first().locator(".alert-entry-facts", { hasText: "ops-bot" }).waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("after a reload the secrets show as set, and neither is anywhere in the page", async () => {
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Alerts" }).waitFor({ timeout: UI_TIMEOUT_MS });
    const secretState = channelCard("ops-hook").getByRole("group", { name: "Signing secret (optional)" }).locator(".secret-state");
    await secretState.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await secretState.innerText()).toBe("set");
    expect(await channelCard("ops-bot").getByRole("group", { name: "Bot token" }).locator(".secret-state").innerText()).toBe("set");
    expect(await channelCard("broken-hook").getByRole("group", { name: "Signing secret (optional)" }).locator(".secret-state").innerText()).toBe("not set");
    const html = await page.content();
    expect(html).not.toContain(WEBHOOK_SECRET);
    expect(html).not.toContain(BOT_TOKEN);
    // The history was read again, newest first.
    await historyEntries().nth(2).waitFor({ timeout: UI_TIMEOUT_MS });
  }, BROWSER_TEST_MS);

  test("a saved channel renamed keeps its secret (the save names its old id), and the secret still never reaches the page", async () => {
    await channelCard("ops-hook").getByLabel("Name").fill("ops-webhook");
    await save();
    await saved();
    const stored = JSON.parse(readFileSync(join(dataDir, ".tgcf-server", "alerts.json"), "utf8"));
    expect(stored.channels.find((channel: { id: string }) => channel.id === "ops-webhook")).toMatchObject({ secret: WEBHOOK_SECRET });
    expect(stored.channels.some((channel: { id: string }) => channel.id === "ops-hook")).toBe(false);
    const secretState = channelCard("ops-webhook").getByRole("group", { name: "Signing secret (optional)" }).locator(".secret-state");
    expect(await secretState.innerText()).toBe("set");
    expect(await page.content()).not.toContain(WEBHOOK_SECRET);
  }, BROWSER_TEST_MS);

  test("a save over settings someone else saved meanwhile is refused; the edits stay, and a second Save replaces theirs", async () => {
    const cooldown = page.getByLabel("Quiet time between repeats (seconds)");
    await cooldown.fill("1200");
    // Another tab saves first.
    const current = await (await server.api("api/alerts")).json();
    expect((await server.api("api/alerts", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...current, cooldownSeconds: 60 }) })).status).toBe(200);
    await save();
    await page.locator(".save-dock").getByRole("alert").filter({ hasText: "Someone else saved the alert settings" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await cooldown.inputValue()).toBe("1200");
    expect((await (await server.api("api/alerts")).json()).cooldownSeconds).toBe(60);
    await save();
    await saved();
    expect((await (await server.api("api/alerts")).json()).cooldownSeconds).toBe(1200);
    // Back to the default, for the tests below.
    await cooldown.fill("900");
    await save();
    await saved();
  }, BROWSER_TEST_MS);

  test("unsaved changes ask before leaving; staying keeps them", async () => {
    const cooldown = page.getByLabel("Quiet time between repeats (seconds)");
    await cooldown.fill("600");
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Run", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    await dialog.getByRole("button", { name: "Stay on this page" }).click();
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Alerts");
    expect(await cooldown.inputValue()).toBe("600");
    await page.locator(".save-bar").getByRole("button", { name: "Discard changes" }).click();
    // The form shows the saved value once it has rendered again.
    await page.waitForFunction(() => (document.querySelector(".save-bar .save-state")?.textContent ?? "") !== "You have unsaved changes.", undefined, { timeout: UI_TIMEOUT_MS });
    await cooldown.evaluate((input) => new Promise<void>((resolve) => {
      const check = () => ((input as HTMLInputElement).value === "900" ? resolve() : requestAnimationFrame(check));
      check();
    }));
    expect(await cooldown.inputValue()).toBe("900");
  }, BROWSER_TEST_MS);

  test("the page has no serious axe violations, and fits a phone screen in both themes", async () => {
    await channelCard("broken-hook").getByRole("button", { name: "Send a test alert" }).click();
    await channelCard("broken-hook").getByRole("status").locator(".notice.error").waitFor({ timeout: UI_TIMEOUT_MS });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(describeViolations(`alerts (${colorScheme})`, await seriousViolations(page))).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });
    await screenshotEveryWay(page, "alerts");
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageProblems).toEqual([]);
  }, BROWSER_TEST_MS);

  test("a real alert to a failing receiver is retried, and the history shows each failed attempt", async () => {
    const before = failing.requests.length;
    expect((await server.api("api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "live" }) })).status).toBe(200);
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while (failing.requests.length === before && Date.now() < deadline) await Bun.sleep(50);
    expect(failing.requests.length).toBeGreaterThan(before);
    // Read on demand; then, while the delivery is pending, the page reads it again by itself until the retry shows.
    await page.getByRole("button", { name: "Refresh the history" }).click();
    const entry = historyEntries().filter({ hasText: "tgcf exited unexpectedly" }).filter({ hasText: "broken-hook" });
    await entry.locator(".alert-attempts li", { hasText: "Retry 1" }).waitFor({ timeout: UI_TIMEOUT_MS });
    const attempts = await entry.locator(".alert-attempts li").allInnerTexts();
    expect(attempts.slice(0, 2)).toEqual([expect.stringMatching(/^First try, .*: failed: HTTP 500: receiver is down/), expect.stringMatching(/^Retry 1, .*: failed: HTTP 500: receiver is down/)]);
    expect(failing.requests.length - before).toBeGreaterThanOrEqual(2);
    expect(await entry.locator(".alert-entry-facts").innerText()).toMatch(/Event\s*Unexpected exit[\s\S]*Instance\s*default/);
    await screenshotEveryWay(page, "alerts-retrying");
  }, BROWSER_TEST_MS);
});
