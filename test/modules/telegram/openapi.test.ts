import { afterAll, expect, setDefaultTimeout, test } from "bun:test";
import { SLOW_TEST_TIMEOUT_MS, startTelegramServer, type TelegramTestServer } from "./support";

setDefaultTimeout(SLOW_TEST_TIMEOUT_MS);

let server: TelegramTestServer;

afterAll(() => server?.stop());

test("every Telegram route is in the OpenAPI document under the telegram tag, with its response schemas", async () => {
  server = await startTelegramServer({ login: null });
  const document = (await server.call("GET", "/api/docs/json")).body;
  const routes = [
    ["get", "/api/telegram/login"],
    ["post", "/api/telegram/login/start"],
    ["post", "/api/telegram/login/code"],
    ["post", "/api/telegram/login/password"],
    ["post", "/api/telegram/login/cancel"],
    ["post", "/api/telegram/check"],
    ["get", "/api/telegram/dialogs"],
  ] as const;
  for (const [method, path] of routes) {
    const operation = document.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(operation.tags).toEqual(["telegram"]);
    expect(Object.keys(operation.responses)).toContain("200");
  }
  expect(Object.keys(document.paths["/api/telegram/login/start"].post.responses)).toEqual(expect.arrayContaining(["409", "422", "429", "502", "504"]));
});
