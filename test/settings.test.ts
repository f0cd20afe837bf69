import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseSettings, prepareDataDir, SettingsError, DEFAULT_PORT } from "../src/settings";

function settingsOf(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseSettings(argv, env);
  if (parsed.kind !== "settings") throw new Error(`expected settings, got ${parsed.kind}`);
  return parsed.settings;
}

describe("settings", () => {
  test("defaults apply when nothing is given", () => {
    const settings = settingsOf([]);
    expect(settings.port).toBe(DEFAULT_PORT);
    expect(settings.host).toBe("0.0.0.0");
    expect(settings.dataDir).toBe(resolve("./data"));
    expect(settings.token).toBeNull();
    expect(settings.corsOrigins).toEqual([]);
    expect(settings.tgcfCommand).toBe("tgcf");
    expect(settings.tgcfPython).toBeNull();
  });

  test("the Telegram helper's Python comes from --tgcf-python or TGCF_SERVER_PYTHON, the flag winning", () => {
    expect(settingsOf([], { TGCF_SERVER_PYTHON: "/opt/venv/bin/python" }).tgcfPython).toBe("/opt/venv/bin/python");
    expect(settingsOf(["--tgcf-python", "python3.12"], { TGCF_SERVER_PYTHON: "/opt/venv/bin/python" }).tgcfPython).toBe("python3.12");
  });

  test("flags win over environment variables, which win over defaults", () => {
    const env = { TGCF_SERVER_PORT: "9001", PORT: "9002", TGCF_SERVER_HOST: "127.0.0.1" };
    expect(settingsOf([], env).port).toBe(9001);
    expect(settingsOf([], { PORT: "9002" }).port).toBe(9002);
    expect(settingsOf(["--port", "9003"], env).port).toBe(9003);
    expect(settingsOf(["--port=9004"], env).port).toBe(9004);
    expect(settingsOf([], env).host).toBe("127.0.0.1");
  });

  test("cors origins come from a repeatable flag or a comma list, flags replacing the env", () => {
    expect(settingsOf([], { TGCF_SERVER_CORS_ORIGINS: "https://a.example, http://b.example:8080" }).corsOrigins).toEqual([
      "https://a.example",
      "http://b.example:8080",
    ]);
    const flags = ["--cors-origin", "https://c.example", "--cors-origin", "https://d.example"];
    expect(settingsOf(flags, { TGCF_SERVER_CORS_ORIGINS: "https://a.example" }).corsOrigins).toEqual(["https://c.example", "https://d.example"]);
  });

  test("allowed hosts come from a repeatable flag or a comma list, as lower-case names", () => {
    expect(settingsOf([], {}).allowedHosts).toEqual([]);
    expect(settingsOf([], { TGCF_SERVER_ALLOWED_HOSTS: "TGCF.example.com, [::1]" }).allowedHosts).toEqual(["tgcf.example.com", "[::1]"]);
    expect(settingsOf(["--allowed-host", "a.example", "--allowed-host", "b.example."], {}).allowedHosts).toEqual(["a.example", "b.example"]);
  });

  test.each([
    [["--port", "0"], /port must be a whole number from 1 to 65535/],
    [["--port", "70000"], /port/],
    [["--port", "80a"], /port/],
    [["--bogus"], /unknown argument: --bogus/],
    [["--port"], /--port needs a value/],
    [["--token", "short"], /at least 20 characters/],
    [["--token", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"], /too easy to guess/],
    [["--token", "12345678901234567890"], /too easy to guess/],
    [["--metrics-token", "metrics-metrics-metrics"], /too easy to guess/],
    [["--allowed-host", "https://tgcf.example.com"], /not a host name/],
    [["--allowed-host", "tgcf.example.com:443"], /not a host name/],
    [["--cors-origin", "https://a.example/path"], /not an origin/],
    [["--cors-origin", "*"], /not an origin/],
    [["--auto-restart", "maybe"], /true or false/],
  ])("refuses %p with a clear message", (argv, message) => {
    expect(() => parseSettings(argv as string[], {})).toThrow(SettingsError);
    expect(() => parseSettings(argv as string[], {})).toThrow(message as RegExp);
  });

  test("a bad environment value is refused too, naming the variable", () => {
    expect(() => parseSettings([], { TGCF_SERVER_PORT: "-1" })).toThrow(/TGCF_SERVER_PORT/);
  });

  test("--help, --version and healthcheck are recognised", () => {
    expect(parseSettings(["--help"], {}).kind).toBe("help");
    expect(parseSettings(["--version"], {}).kind).toBe("version");
    expect(parseSettings(["healthcheck", "--port", "9000"], {})).toMatchObject({ kind: "command", name: "healthcheck" });
  });

  test("a data dir that cannot be written is refused", () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: use a path under a regular file instead.
      const file = join(mkdtempSync(join(tmpdir(), "tgcf-settings-")), "file");
      writeFileSync(file, "x");
      expect(() => prepareDataDir(join(file, "data"))).toThrow(/not writable/);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "tgcf-settings-"));
    chmodSync(dir, 0o500);
    expect(() => prepareDataDir(join(dir, "data"))).toThrow(/not writable/);
  });
});

describe("restart policy settings", () => {
  test("healthy-after takes seconds or a unit, restarts per hour a count; defaults are 5 minutes and 10", () => {
    const parsed = (argv: string[], env: Record<string, string> = {}) => {
      const result = parseSettings(argv, env);
      if (result.kind !== "settings") throw new Error("not settings");
      return result.settings;
    };
    expect(parsed([])).toMatchObject({ healthyAfterMs: 300_000, maxRestartsPerHour: 10 });
    expect(parsed(["--healthy-after", "90"]).healthyAfterMs).toBe(90_000);
    expect(parsed(["--healthy-after", "2m"]).healthyAfterMs).toBe(120_000);
    expect(parsed([], { TGCF_SERVER_HEALTHY_AFTER: "1h", TGCF_SERVER_MAX_RESTARTS_PER_HOUR: "3" })).toMatchObject({ healthyAfterMs: 3_600_000, maxRestartsPerHour: 3 });
    expect(() => parsed(["--healthy-after", "5 minutes"])).toThrow(/duration/);
    expect(() => parsed(["--max-restarts-per-hour", "0"])).toThrow(/from 1 to 1000/);
  });
});
