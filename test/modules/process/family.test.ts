import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { FAMILY_TAG_VARIABLE, ProcFamily } from "../../../src/modules/process/family";
import { readProcessStat } from "../../../src/modules/process/process-group";
import { ESCAPING_TGCF, isDead, killAll, pidsOf, readEscapees } from "./escapees";
import { temporaryDirectory, waitFor } from "./fakes";

const TRACK_TEST_INTERVAL_MS = 20;
const started: number[] = [];
const directories: string[] = [];

afterEach(() => {
  killAll(started.splice(0));
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** The escaping tgcf in a new session, as the supervisor starts it, with `tag` in its environment. */
async function startEscapingTgcf(tag: string) {
  const directory = temporaryDirectory();
  directories.push(directory);
  const pidFile = join(directory, "escapees");
  const env = { ...process.env, ESCAPING_TGCF_PID_FILE: pidFile, [FAMILY_TAG_VARIABLE]: tag };
  const leader = Bun.spawn([process.execPath, ESCAPING_TGCF, "live"], { detached: true, env, stdio: ["ignore", "ignore", "ignore"] });
  started.push(leader.pid);
  const escapees = await readEscapees(pidFile);
  started.push(...pidsOf(escapees));
  return { leader, escapees };
}

describe("ProcFamily", () => {
  test("finds what left the leader's group: by the tag, and by its parent when its environment is empty", async () => {
    const { leader, escapees } = await startEscapingTgcf("/data/one");
    for (const pid of pidsOf(escapees)) expect(readProcessStat(pid)?.session).toBe(pid); // each in a session of its own
    expect(readProcessStat(escapees.orphan)?.ppid).not.toBe(leader.pid);
    const family = new ProcFamily(leader.pid, "/data/one");
    expect(family.alivePids().sort()).toEqual([leader.pid, ...pidsOf(escapees)].sort());
  });

  test("keeps a member it has seen once its parent died, though nothing else links it to the leader", async () => {
    const { leader, escapees } = await startEscapingTgcf("/data/two");
    const family = new ProcFamily(leader.pid, "/data/two");
    expect(family.alivePids()).toContain(escapees.bare);
    leader.kill("SIGKILL");
    await leader.exited;
    await waitFor(() => readProcessStat(escapees.bare)?.ppid !== leader.pid, "the bare child's adoption");
    expect(family.alivePids().sort()).toEqual(pidsOf(escapees).sort());
    // A family that never saw it has only the tag to go by: the bare child is lost to it.
    expect(new ProcFamily(null, "/data/two").alivePids().sort()).toEqual([escapees.child, escapees.orphan].sort());
  });

  test("tracking learns of a member while it is linked, and keeps it after its parent dies", async () => {
    const { leader, escapees } = await startEscapingTgcf("/data/tracked");
    const family = new ProcFamily(leader.pid, "/data/tracked");
    family.trackEvery(TRACK_TEST_INTERVAL_MS);
    try {
      await waitFor(() => family.seenPids().includes(escapees.bare), "a look that sees the bare child");
      leader.kill("SIGKILL");
      await leader.exited;
      await waitFor(() => readProcessStat(escapees.bare)?.ppid !== leader.pid, "the bare child's adoption");
      expect(family.alivePids()).toContain(escapees.bare);
    } finally {
      family.stopTracking();
    }
  });

  test("matches the tag exactly and leaves other processes alone", async () => {
    const { escapees } = await startEscapingTgcf("/data/three-and-more");
    expect(new ProcFamily(null, "/data/three").alivePids()).toEqual([]);
    expect(new ProcFamily(null, null).alivePids()).toEqual([]);
    const unrelated = Bun.spawn(["sleep", "30"], { detached: true, stdio: ["ignore", "ignore", "ignore"] });
    started.push(unrelated.pid);
    const family = new ProcFamily(null, "/data/three-and-more");
    expect(family.alivePids()).not.toContain(unrelated.pid);
    expect(family.alivePids()).not.toContain(process.pid);
    expect(family.alivePids()).toContain(escapees.child);
  });

  test("SIGKILL reaches every member, in whatever group or session", async () => {
    const { leader, escapees } = await startEscapingTgcf("/data/four");
    const family = new ProcFamily(leader.pid, "/data/four");
    family.signal("SIGTERM"); // ignored by all but the leader
    await leader.exited;
    expect(pidsOf(escapees).some(isDead)).toBe(false);
    family.signal("SIGKILL");
    await waitFor(() => pidsOf(escapees).every(isDead), "every member dead");
    expect(family.alivePids()).toEqual([]);
  });
});
