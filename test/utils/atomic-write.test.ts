import { afterAll, describe, expect, test } from "bun:test";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeStaleTempFiles, temporaryNameOf, writeFileAtomically, writeFileAtomicallySync } from "../../src/utils/atomic-write";

const KILL_ROUNDS = 20;
const MAX_KILL_DELAY_MS = 60;
const DOCUMENT_ITEMS = 40_000;
const ATOMIC_WRITE_MODULE = join(import.meta.dir, "../../src/utils/atomic-write.ts");
/** Big enough that a write takes several event-loop turns between creating its temporary file and renaming it. */
const SLOW_WRITE_BYTES = 64 * 1024 * 1024;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-atomic-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Two big documents that differ everywhere, so a torn write could not parse as either. */
function documentText(name: "a" | "b"): string {
  return JSON.stringify({ name, items: Array.from({ length: DOCUMENT_ITEMS }, (_, index) => `${name}-${index}`) });
}

const WRITER_SCRIPT = `
import { readFileSync } from "node:fs";
import { writeFileAtomically } from ${JSON.stringify(ATOMIC_WRITE_MODULE)};
const [target, docA, docB] = process.argv.slice(2);
const documents = [readFileSync(docA, "utf8"), readFileSync(docB, "utf8")];
for (let round = 0; ; round++) {
  await writeFileAtomically(target, documents[round % 2]);
  if (round === 0) console.log("writing");
}
`;

describe("writeFileAtomically", () => {
  test("beforeRename: false keeps the file as it was, true replaces it; its temporary file is never taken for stale", async () => {
    const dir = tempDir();
    const target = join(dir, "target.json");
    writeFileSync(target, "old");
    let removedMeanwhile: string[] = ["not asked"];
    const refused = await writeFileAtomically(target, "new", {
      beforeRename: async () => {
        removedMeanwhile = removeStaleTempFiles(dir, "target.json");
        return false;
      },
    });
    expect(refused).toBe(false);
    expect(removedMeanwhile).toEqual([]);
    expect(readFileSync(target, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["target.json"]);
    expect(await writeFileAtomically(target, "new", { beforeRename: async () => true })).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["target.json"]);
  });

  test("writes the data with the requested mode", async () => {
    const dir = tempDir();
    const target = join(dir, "file.json");
    await writeFileAtomically(target, "first", { mode: 0o640 });
    await writeFileAtomically(target, new TextEncoder().encode("second"));
    expect(readFileSync(target, "utf8")).toBe("second");
    expect(statSync(target).mode & 0o777).toBe(0o600);
    await writeFileAtomically(target, "third", { mode: 0o640 });
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["file.json"]);
  });

  test("removes its temporary file and leaves the target alone when the rename fails", async () => {
    const dir = tempDir();
    const target = join(dir, "occupied");
    mkdirSync(join(target, "child"), { recursive: true });
    await expect(writeFileAtomically(target, "data")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["occupied"]);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  test("replaces a symbolic link at the target instead of writing through it, sync or not", async () => {
    const dir = tempDir();
    const outside = join(tempDir(), "outside.txt");
    writeFileSync(outside, "outside");
    for (const write of [writeFileAtomically, writeFileAtomicallySync]) {
      const target = join(dir, `target-${write.name}`);
      symlinkSync(outside, target);
      await write(target, "inside");
      expect(lstatSync(target).isFile()).toBe(true);
      expect(readFileSync(target, "utf8")).toBe("inside");
    }
    expect(readFileSync(outside, "utf8")).toBe("outside");
  });

  test("a writer killed with SIGKILL at random moments always leaves one whole document, and its temporary files are removable", async () => {
    const dir = tempDir();
    const [docA, docB] = [documentText("a"), documentText("b")];
    const paths = { script: join(dir, "writer.ts"), a: join(dir, "a.json"), b: join(dir, "b.json"), target: join(dir, "target.json") };
    writeFileSync(paths.script, WRITER_SCRIPT);
    writeFileSync(paths.a, docA);
    writeFileSync(paths.b, docB);
    await writeFileAtomically(paths.target, docA);
    const seen = new Set<string>();
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const writer = Bun.spawn([process.execPath, paths.script, paths.target, paths.a, paths.b], { stdout: "pipe", stderr: "inherit" });
      const reader = writer.stdout.getReader();
      await reader.read(); // "writing": the loop is running
      await Bun.sleep(Math.random() * MAX_KILL_DELAY_MS);
      writer.kill("SIGKILL");
      expect(await writer.exited).not.toBe(0);
      const content = readFileSync(paths.target, "utf8");
      expect(content === docA || content === docB).toBe(true);
      seen.add(content === docA ? "a" : "b");
    }
    expect(seen.size).toBeGreaterThan(0);
    // Most kills land mid-write (fsync takes the longest), each leaving a full copy behind.
    expect(removeStaleTempFiles(dir, "target.json").length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(paths.target, "utf8")).toBeOneOf([docA, docB]);
  }, 120_000);
});

/** The pid of a process that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = Bun.spawn([process.execPath, "-e", ""]);
  await child.exited;
  return child.pid;
}

describe("removeStaleTempFiles", () => {
  test("removes those of dead writers and of an earlier process with our pid; keeps live writers', other names and other files", async () => {
    const dir = tempDir();
    const live = Bun.spawn([process.execPath, "-e", "setTimeout(() => {}, 60_000)"]);
    try {
      const dead = await deadPid();
      const stale = [temporaryNameOf("target.json", dead), temporaryNameOf("target.json")];
      const otherName = temporaryNameOf("other.json", dead);
      const kept = [temporaryNameOf("target.json", live.pid), otherName, "target.json", ".target.json.bak", ".target.json.1.tmp"];
      for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), "secret");
      expect(removeStaleTempFiles(dir, "target.json").sort()).toEqual(stale.sort());
      expect(readdirSync(dir).sort()).toEqual(kept.sort());
      expect(removeStaleTempFiles(dir)).toEqual([otherName]);
    } finally {
      live.kill("SIGKILL");
      await live.exited;
    }
  });

  test("leaves the temporary file of a write of this process in flight alone", async () => {
    const dir = tempDir();
    const target = join(dir, "target.json");
    const written = writeFileAtomically(target, new Uint8Array(SLOW_WRITE_BYTES));
    let done = false;
    void written.then(() => (done = true));
    const isTemporary = (name: string) => name.endsWith(".tmp");
    while (!done && !readdirSync(dir).some(isTemporary)) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false); // the write is still going: the test saw its temporary file
    expect(removeStaleTempFiles(dir, "target.json")).toEqual([]);
    await written;
    expect(statSync(target).size).toBe(SLOW_WRITE_BYTES);
    expect(readdirSync(dir)).toEqual(["target.json"]);
  });

  test("a missing directory has nothing to remove", () => {
    expect(removeStaleTempFiles(join(tempDir(), "missing"))).toEqual([]);
  });
});
