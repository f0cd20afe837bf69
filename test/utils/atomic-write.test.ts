import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomically } from "../../src/utils/atomic-write";

const KILL_ROUNDS = 20;
const MAX_KILL_DELAY_MS = 60;
const DOCUMENT_ITEMS = 40_000;
const ATOMIC_WRITE_MODULE = join(import.meta.dir, "../../src/utils/atomic-write.ts");

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

  test("a writer killed with SIGKILL at random moments always leaves one whole document", async () => {
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
  }, 120_000);
});
