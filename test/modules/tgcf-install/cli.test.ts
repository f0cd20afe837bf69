// `tgcf-server tgcf install [--version V] [--index-url URL]` as the settings parser reads it, and its help line.
import { expect, test } from "bun:test";
import { resolve } from "node:path";
import { helpText, parseSettings, SettingsError } from "../../../src/settings";

test("`tgcf install` takes --version and --index-url for tgcf, besides the server's own options", () => {
  const parsed = parseSettings(["tgcf", "install", "--version", "1.2.0", "--index-url=https://mirror.example/simple", "--data-dir", "some-dir"], {});
  expect(parsed).toMatchObject({ kind: "command", name: "tgcf-install", tgcfVersion: "1.2.0", indexUrl: "https://mirror.example/simple" });
  expect(parsed.kind === "command" && parsed.settings.dataDir).toBe(resolve("some-dir"));
  expect(parseSettings(["tgcf", "install"], { TGCF_SERVER_DATA_DIR: "/srv/tgcf" })).toMatchObject({ name: "tgcf-install", tgcfVersion: null, indexUrl: null, settings: { dataDir: "/srv/tgcf" } });
});

test("--version still asks for the server's version everywhere else", () => {
  expect(parseSettings(["--version"], {}).kind).toBe("version");
  expect(parseSettings(["healthcheck", "--version"], {}).kind).toBe("version");
});

test("a malformed tgcf command, version or index URL is refused with what was expected", () => {
  expect(() => parseSettings(["tgcf"], {})).toThrow(new SettingsError("unknown command: tgcf (the one tgcf command is: tgcf install [--version V] [--index-url URL])"));
  expect(() => parseSettings(["tgcf", "upgrade"], {})).toThrow("unknown command: tgcf upgrade");
  expect(() => parseSettings(["tgcf", "install", "--version", "1.1.8 --pre"], {})).toThrow('--version: must be a tgcf version like 1.1.8, got "1.1.8 --pre"');
  expect(() => parseSettings(["tgcf", "install", "--version"], {})).toThrow("--version needs a value");
  expect(() => parseSettings(["tgcf", "install", "--index-url", "pypi.org"], {})).toThrow("--index-url: must be a package index URL like https://pypi.org/simple");
});

test("the help names the command", () => {
  expect(helpText()).toContain("tgcf-server tgcf install [--version V] [--index-url URL] [options]");
});
