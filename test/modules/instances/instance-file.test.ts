// <instance>/.tgcf-server/instance.json: overrides checked by the flags' own rules; a bad file never stops the server
// and is never overwritten with less than it held.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readInstanceFile, renameInInstanceFile } from "../../../src/modules/instances/instance-file";
import { startTestServer, tempDir } from "../../helpers/server";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function instanceDirWith(content: string): { dir: string; file: string } {
  const dir = tempDir();
  dirs.push(dir);
  mkdirSync(join(dir, ".tgcf-server"), { mode: 0o700 });
  const file = join(dir, ".tgcf-server", "instance.json");
  writeFileSync(file, content);
  return { dir, file };
}

describe("reading an instance's settings file", () => {
  test("overrides within the flags' bounds apply; others are left out and named, with the flag's own words", () => {
    const { dir } = instanceDirWith(
      JSON.stringify({
        name: "Relay A",
        settings: { stopGraceMs: 8000, autoRestart: false, healthyAfterMs: 600000, killAfterMs: -5, logRingLines: 1e12, maxRestartsPerHour: "10", tgcfCommand: "", colour: "red" },
      }),
    );
    const file = readInstanceFile(dir, "relay-a");
    expect(file.name).toBe("Relay A");
    expect(file.settings).toEqual({ stopGraceMs: 8000, autoRestart: false, healthyAfterMs: 600000 });
    const problems = file.problems.join("\n");
    expect(problems).toContain("settings.killAfterMs is not used: --kill-after-ms: must be milliseconds from 0 to 600000");
    expect(problems).toContain("settings.logRingLines is not used: --log-lines: must be a number of lines from 100 to 1000000");
    expect(problems).toContain('settings.maxRestartsPerHour is not used: --max-restarts-per-hour: must be a whole number, got "10"');
    expect(problems).toContain("settings.tgcfCommand is not used");
    expect(problems).toContain("settings.colour is not an instance setting");
    expect(file.problems).toHaveLength(5);
    // Durations are milliseconds in the file (the flag reads a bare number as seconds), and must be whole.
    expect(readInstanceFile(instanceDirWith(JSON.stringify({ settings: { healthyAfterMs: 1.5 } })).dir, "x").problems[0]).toContain("--healthy-after: must be a whole number, got 1.5");
    expect(readInstanceFile(instanceDirWith(JSON.stringify({ settings: { healthyAfterMs: 999 } })).dir, "x").problems[0]).toContain("--healthy-after: must be a duration from 1s to 24h");
  });

  test("a file that is not JSON gives the id as name and no overrides, and says so", () => {
    const { dir } = instanceDirWith("{ name: 'half written");
    const file = readInstanceFile(dir, "relay-b");
    expect(file).toMatchObject({ name: "relay-b", settings: {} });
    expect(file.problems[0]).toContain("is not valid JSON");
  });
});

describe("renaming keeps the rest of the file", () => {
  test("settings this version leaves out stay in the file", () => {
    const original = { name: "Old", settings: { killAfterMs: -5, futureSetting: { x: 1 } }, note: "kept by hand" };
    const { dir, file } = instanceDirWith(JSON.stringify(original));
    renameInInstanceFile(dir, "New name");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ ...original, name: "New name" });
  });

  test("a file that is not a JSON object is refused (409) and left as it was", () => {
    for (const content of ["{ broken", "[1, 2]", "null"]) {
      const { dir, file } = instanceDirWith(content);
      expect(() => renameInInstanceFile(dir, "New")).toThrow(/fix or remove it by hand/);
      expect(readFileSync(file, "utf8")).toBe(content);
    }
  });
});

describe("a server with a damaged instance file", () => {
  test("starts, lists the instance under its id, and refuses to rename it over the damage", async () => {
    const root = tempDir();
    dirs.push(root);
    mkdirSync(join(root, "instances", "broken", ".tgcf-server"), { recursive: true, mode: 0o700 });
    const file = join(root, "instances", "broken", ".tgcf-server", "instance.json");
    writeFileSync(file, '{"name": "Bro');
    const server = await startTestServer({ dataDir: root });
    try {
      const { instances } = (await (await server.api("/api/instances")).json()) as { instances: { id: string; name: string }[] };
      expect(instances.find((instance) => instance.id === "broken")?.name).toBe("broken");
      const rename = await server.api("/api/instances/broken", { method: "PATCH", headers: { "content-type": "application/json" }, body: '{"name":"Fixed"}' });
      expect(rename.status).toBe(409);
      expect(readFileSync(file, "utf8")).toBe('{"name": "Bro');
    } finally {
      await server.stop();
    }
  });
});
