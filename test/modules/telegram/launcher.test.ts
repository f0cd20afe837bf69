import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive, waitUntil } from "../../helpers/server";
import { pythonHelperLauncher } from "../../../src/modules/telegram/launcher";
import { HELPER_FILE_NAME } from "../../../src/modules/telegram/helper-script";
import type { HelperProcess } from "../../../src/modules/telegram/helper-process";
import { ApiError } from "../../../src/utils/api-error";
import { SLOW_TEST_TIMEOUT_MS, fakePython, helpersRunningFrom, startTelegramServer, type TelegramTestServer } from "./support";

setDefaultTimeout(SLOW_TEST_TIMEOUT_MS);

const READY_TIMEOUT_MS = 10_000;
const HELPER_SOURCE = readFileSync(join(import.meta.dir, "../../../src/modules/telegram/helper.py"), "utf8");
const serverEnv = { PATH: process.env.PATH, TGCF_SERVER_TOKEN: "server-secret-token-0123456789" };
let helper: HelperProcess | null = null;
let server: TelegramTestServer | null = null;

afterEach(async () => {
  await helper?.kill();
  helper = null;
  await server?.stop();
  server = null;
});

async function launchError(mode: string, readyTimeoutMs = READY_TIMEOUT_MS, python = fakePython(mode)): Promise<ApiError> {
  try {
    helper = await pythonHelperLauncher({ tgcfCommand: "tgcf", tgcfPython: python }, serverEnv)(readyTimeoutMs);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("the helper started");
}

describe("starting the helper", () => {
  test("it runs in a private temporary directory holding the embedded source (0600 in 0700), deleted after it exits", async () => {
    const python = fakePython();
    helper = await pythonHelperLauncher({ tgcfCommand: "tgcf", tgcfPython: python }, serverEnv)(READY_TIMEOUT_MS);
    expect(helpersRunningFrom(python)).toEqual([helper.pid]);
    const workDir = readlinkSync(`/proc/${helper.pid}/cwd`);
    const script = join(workDir, HELPER_FILE_NAME);
    expect(statSync(workDir).mode & 0o777).toBe(0o700);
    expect(statSync(script).mode & 0o777).toBe(0o600);
    expect(readFileSync(script, "utf8")).toBe(HELPER_SOURCE);
    expect(readFileSync(`/proc/${helper.pid}/cmdline`, "utf8").split("\0")).toContain(script);
    expect(readFileSync(`/proc/${helper.pid}/environ`, "utf8")).not.toContain("TGCF_SERVER_");

    const pid = helper.pid;
    await helper.close();
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(workDir)).toBe(false);
  });

  test("a Python without Telethon is a 500 naming that Python and saying how to fix it", async () => {
    const error = await launchError("telethon-missing");
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/^Telethon is not installed for .*python3 \(from TGCF_SERVER_PYTHON\)/);
    expect(error.message).toContain("pip install tgcf");
    expect(error.message).toContain("TGCF_SERVER_PYTHON");
  });

  test("a helper that dies before it is ready is a 500 naming the exception", async () => {
    const error = await launchError("crash-before-ready");
    expect(error.status).toBe(500);
    expect(error.message).toContain("(SyntaxError)");
    expect(error.message).toContain("Python 3 with Telethon");
  });

  test("a helper that never says it is ready is killed, with a 504", async () => {
    const python = fakePython("silent");
    const error = await launchError("silent", 500, python);
    expect(error.status).toBe(504);
    expect(error.message).toContain("did not start within 0.5 s");
    await waitUntil(() => helpersRunningFrom(python).length === 0, 10_000, "the silent helper to be killed");
  });

  test("over HTTP, a missing Telethon is a 500 and does not use up the one code request a minute", async () => {
    server = await startTelegramServer({ python: fakePython("telethon-missing"), options: {} });
    const first = await server.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    expect(first.status).toBe(500);
    expect(first.body.error).toContain("Telethon is not installed");
    expect((await server.call("POST", "/api/telegram/login/start", { phone: "+10000000001" })).status).toBe(500);
  });
});
