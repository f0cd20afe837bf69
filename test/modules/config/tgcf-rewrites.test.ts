// The bug: tgcf keeps its startup config in memory and writes all of it back after every past-mode message and bot
// command, so a save made while it ran was reverted at its next write, and the reverted version was in no backup.
// Here with the real server and a stand-in tgcf that rewrites its config as tgcf does (test/fixtures/rewriting-tgcf.ts).
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CONFIG_FILE_NAME } from "../../../src/modules/config/store";
import type { TgcfConfig } from "../../../src/modules/config/model";
import { RUNNABLE_CONFIG, saveRunnableConfig, startTestServer, waitUntil, type TestServer } from "../../helpers/server";

const REWRITING_TGCF = resolve(import.meta.dir, "../../fixtures/rewriting-tgcf.ts");
const TGCF_BYTES = readFileSync(resolve(import.meta.dir, "../../fixtures/tgcf/default-config.as-written-by-tgcf.json"), "utf8").replace(/\n$/, "");
const MESSAGE_MS = "40";
const LIVENESS_MS = 8_000;
/** Past mode needs a user account. */
const PAST_LOGIN = { API_ID: 1, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 1, SESSION_STRING: "1Bsession-secret" };
const CAPTION = { check: true, header: "saved while tgcf ran", footer: "" };
/** Messages tgcf forwards after a save before the test looks: many writes of its stale copy. */
const WRITES_AFTER_SAVE = 15;

const servers: TestServer[] = [];
const tempDirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serverWithRewritingTgcf(env: Record<string, string> = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "tgcf-rewrites-"));
  tempDirs.push(scratch);
  const reads = join(scratch, "reads.jsonl");
  const server = await startTestServer(
    { tgcfCommand: `${process.execPath} ${REWRITING_TGCF}` },
    { childEnv: { ...process.env, REWRITING_TGCF_MESSAGE_MS: MESSAGE_MS, REWRITING_TGCF_READS: reads, ...env } },
  );
  servers.push(server);
  const path = join(server.dataDir, CONFIG_FILE_NAME);
  /** The file now, or null while it is caught half-written. */
  const file = (): TgcfConfig | null => {
    try {
      return JSON.parse(readFileSync(path, "utf8")) as TgcfConfig;
    } catch {
      return null;
    }
  };
  const offset = (index = 0) => file()?.forwards[index]?.offset ?? -1;
  /** The config each start of tgcf read, in order. */
  const startsRead = (): TgcfConfig[] => {
    try {
      return readFileSync(reads, "utf8").trim().split("\n").map((line) => (JSON.parse(line) as { config: TgcfConfig }).config);
    } catch {
      return [];
    }
  };
  const api = (method: string, path: string, body?: unknown) =>
    server.api(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const systemLines = async (): Promise<string[]> => (await (await server.api("/api/logs?stream=system")).json()).lines.map((line: { line: string }) => line.line);
  return { server, file, offset, startsRead, api, systemLines };
}

/** Samples the first connection's offset every few ms, to catch any moment it goes back. */
function watchOffsets(offset: () => number) {
  const seen: number[] = [];
  const timer = setInterval(() => {
    const value = offset();
    if (value >= 0) seen.push(value);
  }, 3);
  return {
    stop: () => clearInterval(timer),
    rewinds: () => seen.filter((value, index) => index > 0 && value < seen[index - 1]!),
  };
}

describe("tgcf rewriting its config while it runs (past mode)", () => {
  test("a save made through the API survives its rewrites, never rewinds its offsets, and is in the file its next start reads", async () => {
    const { server, file, offset, startsRead, api } = await serverWithRewritingTgcf();
    await saveRunnableConfig(server, { mode: 1, login: PAST_LOGIN });
    expect((await api("POST", "/api/run", { mode: "past" })).status).toBe(200);
    await waitUntil(() => offset() >= 3, LIVENESS_MS, "tgcf's first writes");
    const offsets = watchOffsets(offset);

    expect((await api("PATCH", "/api/config", { plugins: { caption: CAPTION } })).status).toBe(200);
    expect(server.handle.instance.config.pendingRestartChanges()).toEqual(["/plugins/caption/check", "/plugins/caption/header"]);
    const atSave = offset();
    await waitUntil(() => offset() >= atSave + WRITES_AFTER_SAVE, LIVENESS_MS, "tgcf to write its stale copy many times");
    await waitUntil(() => file()?.plugins.caption.header === CAPTION.header, LIVENESS_MS, "the save to be written back");

    expect((await api("POST", "/api/stop")).status).toBe(200);
    const stoppedAt = offset();
    expect((await api("POST", "/api/run", { mode: "past" })).status).toBe(200);
    await waitUntil(() => startsRead().length === 2, LIVENESS_MS, "the second start to read its config");
    offsets.stop();
    const secondStart = startsRead()[1]!;
    expect(secondStart.plugins.caption).toEqual(CAPTION);
    expect(secondStart.forwards[0]!.offset).toBe(stoppedAt);
    expect(offsets.rewinds()).toEqual([]);
    expect(server.handle.instance.config.pendingRestartChanges()).toEqual([]);
  });

  test("a connection added by sending the whole list back (with the offsets the form read) survives, and tgcf's progress goes on", async () => {
    const { server, file, offset, startsRead, api } = await serverWithRewritingTgcf();
    await saveRunnableConfig(server, { mode: 1, login: PAST_LOGIN });
    expect((await api("POST", "/api/run", { mode: "past" })).status).toBe(200);
    await waitUntil(() => offset() >= 3, LIVENESS_MS, "tgcf's first writes");
    const formRead = file()!.forwards;
    await waitUntil(() => offset() >= formRead[0]!.offset + 3, LIVENESS_MS, "tgcf to move on");
    const offsets = watchOffsets(offset);
    const added = { con_name: "added while tgcf ran", use_this: true, source: -3001, dest: [-3002], offset: 0, end: 0 };
    expect((await api("PATCH", "/api/config", { forwards: [...formRead, added] })).status).toBe(200);

    const atSave = offset();
    await waitUntil(() => offset() >= atSave + WRITES_AFTER_SAVE, LIVENESS_MS, "tgcf to write its stale copy many times");
    await waitUntil(() => file()?.forwards[1]?.con_name === added.con_name, LIVENESS_MS, "the connection to be written back");
    expect(server.handle.instance.config.pendingRestartChanges()).toEqual(["/forwards/1"]);
    expect((await api("POST", "/api/stop")).status).toBe(200);
    expect((await api("POST", "/api/run", { mode: "past" })).status).toBe(200);
    await waitUntil(() => startsRead().length === 2, LIVENESS_MS, "the second start");
    offsets.stop();
    expect(startsRead()[1]!.forwards.map((connection) => connection.con_name)).toEqual([RUNNABLE_CONFIG.forwards[0]!.con_name, added.con_name]);
    expect(offsets.rewinds()).toEqual([]);
  });

  test("its writes are logged and, once replaced, backed up as external; its progress alone does not fill the backups", async () => {
    const { server, offset, api, systemLines } = await serverWithRewritingTgcf();
    await saveRunnableConfig(server, { mode: 1, login: PAST_LOGIN });
    expect((await api("POST", "/api/run", { mode: "past" })).status).toBe(200);
    await waitUntil(() => offset() >= 2 * WRITES_AFTER_SAVE, LIVENESS_MS, "many of tgcf's writes");
    const store = server.handle.instance.config;
    // The version tgcf started from is the only one its progress replaced that is kept.
    expect((await store.listBackups()).map((backup) => backup.source)).toEqual(["server"]);
    await waitUntil(async () => (await systemLines()).some((line) => line.includes("tgcf is recording its progress (/forwards/0/offset)")), LIVENESS_MS, "the progress line");

    expect((await api("PATCH", "/api/config", { theme: "dark" })).status).toBe(200);
    const [replacedBySave] = await store.listBackups();
    expect(replacedBySave).toMatchObject({ source: "external", note: "while tgcf ran" });
    await waitUntil(
      async () => (await systemLines()).some((line) => line === "tgcf.config.json was changed by another program while tgcf ran: /theme, /forwards/0/offset; writing back what was saved here since tgcf started: /theme"),
      LIVENESS_MS,
      "the revert to be logged",
    );
    const atSave = offset();
    await waitUntil(() => offset() >= atSave + 2 * WRITES_AFTER_SAVE, LIVENESS_MS, "many more writes, reverting the save each time");
    const sources = (await store.listBackups()).map((backup) => backup.source);
    expect(sources.length).toBeLessThanOrEqual(4);
    expect(sources).toContain("external");
    const logged = (await systemLines()).filter((line) => line.startsWith("tgcf.config.json"));
    expect(logged.length).toBeLessThanOrEqual(3);
    expect(logged.join("\n")).not.toContain(PAST_LOGIN.SESSION_STRING);
  });

  test("a write caught half-way (truncated, not yet written) is never told as damaged, and reads wait for it", async () => {
    const { server, offset, api, systemLines } = await serverWithRewritingTgcf({ REWRITING_TGCF_WRITE_GAP_MS: "60", REWRITING_TGCF_MESSAGE_MS: "100" });
    await saveRunnableConfig(server, { mode: 1, login: PAST_LOGIN });
    expect((await api("POST", "/api/run", { mode: "past" })).status).toBe(200);
    const statuses = new Set<number>();
    await waitUntil(
      async () => {
        statuses.add((await server.api("/api/config")).status);
        return offset() >= 8;
      },
      LIVENESS_MS,
      "several half-way writes",
    );
    expect([...statuses]).toEqual([200]);
    expect((await systemLines()).join("\n")).not.toContain("not a valid config");
    for (const backup of await server.handle.instance.config.listBackups()) expect((await server.handle.instance.config.readBackup(backup.id)).state).toBe("ok");
  });
});

describe("tgcf rewriting its config while it runs (live mode, bot commands)", () => {
  test("a connection the bot's /forward adds, and the person's edit and added connection, all end up in the file", async () => {
    const botAdds = { source: -4001, dest: [-4002] };
    const { server, file, api, systemLines } = await serverWithRewritingTgcf({ REWRITING_TGCF_FORWARD: JSON.stringify(botAdds) });
    await saveRunnableConfig(server);
    const { pid } = await (await api("POST", "/api/run", { mode: "live" })).json();
    await waitUntil(async () => (await (await server.api("/api/logs?stream=stdout")).json()).lines.some((line: { line: string }) => line.line.startsWith("Added event handler")), LIVENESS_MS, "the bot to listen");
    const personAdds = { con_name: "the person's", use_this: true, source: -3001, dest: [-3002], offset: 0, end: 0 };
    const first = { ...file()!.forwards[0]!, con_name: "renamed" };
    expect((await api("PATCH", "/api/config", { forwards: [first, personAdds] })).status).toBe(200);

    process.kill(pid, "SIGUSR1");
    await waitUntil(() => file()?.forwards.length === 3, LIVENESS_MS, "the bot's connection and the person's, together");
    expect(file()!.forwards.map((connection) => [connection.con_name, connection.source])).toEqual([
      ["renamed", RUNNABLE_CONFIG.forwards[0]!.source],
      ["", botAdds.source],
      ["the person's", personAdds.source],
    ]);
    expect((await systemLines()).some((line) => line.includes("/forwards/1") && line.includes("writing back"))).toBe(true);
  });
});

describe("the stand-in tgcf", () => {
  test("writes its startup copy back as tgcf does: in its byte format, unknown keys dropped, values coerced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tgcf-stand-in-"));
    tempDirs.push(dir);
    const path = join(dir, CONFIG_FILE_NAME);
    writeFileSync(path, JSON.stringify({ login: { API_ID: "77" }, unknown_key: 1 }));
    const child = Bun.spawn([process.execPath, REWRITING_TGCF, "live", "--loud"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    const reader = child.stdout.getReader();
    let output = "";
    while (!output.includes("Added event handler")) output += new TextDecoder().decode((await reader.read()).value);
    child.kill("SIGUSR1");
    await waitUntil(() => readFileSync(path, "utf8").startsWith('{"pid"'), LIVENESS_MS, "its write");
    child.kill("SIGINT");
    expect(await child.exited).toBe(1);
    expect(await new Response(child.stderr).text()).toBe("Aborted.\n");
    expect(readFileSync(path, "utf8")).toBe(TGCF_BYTES.replace('"API_ID": 0', '"API_ID": 77'));
  });
});
