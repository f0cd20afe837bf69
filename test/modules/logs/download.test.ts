// The log download's cleaning, on real files: what a crafted line can and cannot carry into an editor or a terminal.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keepOnlyColours } from "../../../src/modules/logs/ansi";
import { logDownloadStream } from "../../../src/modules/logs/download";
import { LAYOUT_CONTROLS } from "../../../src/shared/untrusted-text";

/** Every control character a download may hold: tab and newline, and ESC only to start a kept colour. */
const FORBIDDEN_IN_TEXT = new RegExp(`[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f${Object.keys(LAYOUT_CONTROLS).join("")}]`);
const SGR = /\x1b\[[0-9;:]*m/g;

/** A line that tries it all: a window title, a screen clear, bell, backspace, carriage return, an 8-bit CSI, NEL, bidi. */
const CRAFTED =
  "evil \x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[31mred\x1b[0m bell\x07 back\bspace cr\rreturn c1\x9b31m nel\x85 " +
  "file\u202egnp.exe\u2066 ls\u2069 sep\u2028arated ␤ fake";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-download-test-"));
  dirs.push(dir);
  const path = join(dir, "tgcf.log");
  writeFileSync(path, text);
  return path;
}

async function download(text: string, keepAnsi: boolean): Promise<string> {
  return new Response(logDownloadStream([logFile(text)], keepAnsi)).text();
}

describe("the plain download", () => {
  test("a crafted line keeps its text and loses every escape sequence and control character", async () => {
    const text = await download(`one\n${CRAFTED}\nthree\n`, false);
    expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
    expect(text).not.toContain("\x1b");
    expect(text.split("\n")).toEqual(["one", "evil red bell backspace crreturn c131m nel filegnp.exe ls separated ␤ fake", "three", ""]);
  });

  test("a string sequence left open does not swallow the lines after it", async () => {
    const text = await download("open \x1b]8;;file:///etc/passwd\nhidden?\nclosed\x07 later\n", false);
    expect(text.split("\n")).toEqual(["open 8;;file:///etc/passwd", "hidden?", "closed later", ""]);
  });
});

describe("the download with colours", () => {
  test("a crafted line keeps its SGR colours and nothing else a terminal would act on", async () => {
    const text = await download(`${CRAFTED}\n`, true);
    expect(text).toContain("\x1b[31mred\x1b[0m");
    expect(text.replace(SGR, "")).not.toMatch(FORBIDDEN_IN_TEXT);
    expect(text.replace(SGR, "")).toBe("evil red bell backspace crreturn c131m nel filegnp.exe ls separated ␤ fake\n");
  });

  test("keepOnlyColours keeps rich's colours and drops its file links, as the plain download does", () => {
    const line = "\x1b[2;36m[11:08:51]\x1b[0m \x1b]8;id=1;file:///usr/lib/tgcf/cli.py\x1b\\\x1b[2mcli.py\x1b[0m\x1b]8;;\x1b\\";
    expect(keepOnlyColours(line)).toBe("\x1b[2;36m[11:08:51]\x1b[0m \x1b[2mcli.py\x1b[0m");
    expect(keepOnlyColours("no escapes\tat all")).toBe("no escapes\tat all");
  });
});
