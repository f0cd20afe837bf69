// A server killed mid-write leaves the temporary file of its atomic write behind: a full copy of the config, token or
// sessions. The next server start removes those of every store, and only those whose writer is gone.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SESSIONS_FILE_NAME } from "../../src/modules/auth/sessions";
import { TOKEN_FILE_NAME } from "../../src/modules/auth/token";
import { BACKUP_DIR_NAME, backupFileName, nextBackupId } from "../../src/modules/config/backups";
import { CONFIG_FILE_NAME } from "../../src/modules/config/store";
import { LOG_DIR_NAME } from "../../src/modules/logs/log-file";
import { RESERVATION_FILE_NAME } from "../../src/modules/logs/seq-reservation";
import { CHILD_RECORD_FILE, DESIRED_STATE_FILE } from "../../src/modules/process/desired-state";
import { temporaryNameOf } from "../../src/utils/atomic-write";
import { SERVER_STATE_DIR_NAME } from "../../src/utils/server-state-dir";
import { startTestServer, tempDir } from "../helpers/server";
import { DEFAULT_INSTANCE_ID, instanceDirPath } from "../../src/modules/instances/layout";

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = Bun.spawn([process.execPath, "-e", ""]);
  await child.exited;
  return child.pid;
}

test("the temporary files of writes cut short are removed at start, in every store's directory; a live writer's are kept", async () => {
  const dataDir = tempDir();
  dataDirs.push(dataDir);
  const dead = await deadPid();
  const live = Bun.spawn([process.execPath, "-e", "setTimeout(() => {}, 60_000)"]);
  // Directory (relative to the data dir) and the base names of the files written there atomically.
  // The instance default's files in instances/default, the server's own in .tgcf-server (README "Data dir layout").
  const instance = instanceDirPath(".", DEFAULT_INSTANCE_ID);
  const written: Array<[string, string[]]> = [
    [instance, [CONFIG_FILE_NAME]],
    [join(instance, BACKUP_DIR_NAME), [backupFileName(nextBackupId(new Date(), undefined))]],
    [SERVER_STATE_DIR_NAME, [TOKEN_FILE_NAME, SESSIONS_FILE_NAME]],
    [join(instance, SERVER_STATE_DIR_NAME), [DESIRED_STATE_FILE, CHILD_RECORD_FILE]],
    [join(instance, LOG_DIR_NAME), [RESERVATION_FILE_NAME]],
  ];
  const stale: string[] = [];
  for (const [dir, baseNames] of written) {
    mkdirSync(join(dataDir, dir), { recursive: true, mode: 0o700 });
    // Our own pid with no write in flight: a server before us had it (pid 1 in a container).
    for (const baseName of baseNames) stale.push(join(dir, temporaryNameOf(baseName, dead)), join(dir, temporaryNameOf(baseName)));
  }
  const kept = [
    join(instance, temporaryNameOf(CONFIG_FILE_NAME, live.pid)), // another writer, still alive, may yet rename it
    join(instance, temporaryNameOf("tgcf.session", dead)), // tgcf's, not ours
  ];
  for (const path of [...stale, ...kept]) writeFileSync(join(dataDir, path), "a full copy, secrets included");

  const server = await startTestServer({ dataDir, token: null });
  try {
    const temporaryFiles = written.flatMap(([dir]) => readdirSync(join(dataDir, dir)).filter((name) => name.endsWith(".tmp")).map((name) => join(dir, name)));
    expect(temporaryFiles.sort()).toEqual(kept.sort());
  } finally {
    await server.stop();
    live.kill("SIGKILL");
    await live.exited;
  }
});
