// pip's output as pip 23 printed it in the installer's real runs (see install.test.ts), read line by line.
import { describe, expect, test } from "bun:test";
import { PipOutputReader, parseDistributionFile, type PackageNews } from "../../../src/modules/tgcf-install/pip-output";
import { pipFailure, type PipRunContext } from "../../../src/modules/tgcf-install/pip-output-failure";
import type { ChildResult } from "../../../src/modules/tgcf-install/child";

function readAll(lines: string[]): { reader: PipOutputReader; news: PackageNews[] } {
  const reader = new PipOutputReader();
  return { reader, news: lines.flatMap((line) => reader.read(line)) };
}

const FAILED: ChildResult = { code: 1, signal: null, timedOut: false, stopped: false, tail: [] };
const CONTEXT: PipRunContext = { subject: "tgcf 1.1.8", version: "1.1.8", pythonMinor: "3.12", timeoutMs: 30 * 60_000 };

describe("pip's progress lines", () => {
  test("each package is collected, downloaded with its size, then installed", () => {
    const { reader, news } = readAll([
      "Looking in indexes: http://127.0.0.1:38111/simple/",
      "Collecting tinydep>=1.0",
      "  Downloading http://127.0.0.1:38111/files/tinydep-1.0-py3-none-any.whl (988 bytes)",
      "Collecting PyYAML<7.0,>=6.0 (from tgcf)",
      "  Downloading PyYAML-6.0.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (757 kB)",
      "Collecting telethon==1.26.0",
      "  Using cached Telethon-1.26.0-py3-none-any.whl (1.5 MB)",
      "Installing collected packages: tinydep, PyYAML, Telethon",
      "Successfully installed PyYAML-6.0.1 Telethon-1.26.0 tinydep-1.0",
    ]);
    expect(reader.facts.indexes).toEqual(["http://127.0.0.1:38111/simple/"]);
    expect(news.filter((item) => item.action === "downloading" || item.action === "cached")).toEqual([
      { action: "downloading", name: "tinydep", version: "1.0", size: "988 bytes", bytes: 988 },
      { action: "downloading", name: "pyyaml", version: "6.0.1", size: "757 kB", bytes: 757_000 },
      { action: "cached", name: "telethon", version: "1.26.0", size: "1.5 MB", bytes: 1_500_000 },
    ]);
    expect(news.filter((item) => item.action === "collecting").map((item) => [item.name, item.version])).toEqual([
      ["tinydep", null],
      ["pyyaml", null],
      ["telethon", "1.26.0"],
    ]);
    expect(news.filter((item) => item.action === "installed").map((item) => `${item.name} ${item.version}`)).toEqual(["pyyaml 6.0.1", "telethon 1.26.0", "tinydep 1.0"]);
  });

  test("pip 24's metadata-only downloads (PEP 658) are not packages", () => {
    const { news } = readAll(["Collecting tgcf==1.1.8", "  Downloading tgcf-1.1.8-py3-none-any.whl.metadata (1.2 kB)", "Downloading tgcf-1.1.8-py3-none-any.whl (32 kB)"]);
    expect(news.filter((item) => item.action === "downloading")).toEqual([{ action: "downloading", name: "tgcf", version: "1.1.8", size: "32 kB", bytes: 32_000 }]);
  });

  test("distribution file names give the project and version", () => {
    expect(parseDistributionFile("tg_login-0.0.4-py3-none-any.whl")).toEqual({ name: "tg-login", version: "0.0.4" });
    expect(parseDistributionFile("watermark.py-0.0.3.tar.gz")).toEqual({ name: "watermark-py", version: "0.0.3" });
    expect(parseDistributionFile("README.txt")).toBeNull();
  });

  test("the resolver's note about tgcf's skipped requirements is recorded, not taken for a failure", () => {
    const { reader } = readAll([
      "Successfully installed tinydep-1.0",
      "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.",
      "tgcf 1.1.8 requires streamlit<2.0.0,>=1.15.2, which is not installed.",
      "tgcf 1.1.8 requires tg-login<0.0.5,>=0.0.4, which is not installed.",
    ]);
    expect(reader.facts.unmetRequirements).toEqual([
      ["tgcf", "streamlit"],
      ["tgcf", "tg-login"],
    ]);
  });
});

describe("a failed pip run, in one sentence", () => {
  test("a version that does not exist names the newest ones there are", () => {
    const { reader } = readAll([
      "Looking in indexes: http://127.0.0.1:38111/simple/",
      "ERROR: Could not find a version that satisfies the requirement tgcf==9.9.9 (from versions: 1.1.6, 1.1.7, 1.1.8)",
      "ERROR: No matching distribution found for tgcf==9.9.9",
    ]);
    const failure = pipFailure(reader.facts, FAILED, { ...CONTEXT, version: "9.9.9" });
    expect(failure.code).toBe("version-not-found");
    expect(failure.message).toBe(
      "tgcf 9.9.9 does not exist on the package index http://127.0.0.1:38111/simple/: choose one of its versions (the newest: 1.1.6, 1.1.7, 1.1.8); this server is made for 1.1.8, the default.",
    );
  });

  test("an unreachable index is named with the reason from pip's retry warning", () => {
    const { reader } = readAll([
      "Looking in indexes: http://127.0.0.1:1/simple/",
      "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f972eac1650>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/tgcf/",
      "ERROR: Could not find a version that satisfies the requirement tgcf==1.1.8 (from versions: none)",
    ]);
    const failure = pipFailure(reader.facts, FAILED, CONTEXT);
    expect(failure.code).toBe("index-unreachable");
    expect(failure.message).toStartWith("The package index http://127.0.0.1:1/simple/ could not be reached (Connection refused): check the network connection and the proxy settings");
  });

  test("a DNS failure on PyPI (pip's default index) says so", () => {
    const { reader } = readAll([
      "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/tgcf/",
    ]);
    expect(pipFailure(reader.facts, FAILED, CONTEXT).message).toStartWith("The package index https://pypi.org/simple could not be reached (Temporary failure in name resolution)");
  });

  test("a build that needs a missing compiler names the package and suggests Python 3.11 or uv", () => {
    const { reader } = readAll([
      "Collecting brokenpkg",
      "  Downloading http://127.0.0.1:38111/files/brokenpkg-1.0.tar.gz (1.2 kB)",
      "  Preparing metadata (pyproject.toml): finished with status 'done'",
      "Building wheels for collected packages: brokenpkg",
      "  Building wheel for brokenpkg (pyproject.toml): started",
      "  Building wheel for brokenpkg (pyproject.toml): finished with status 'error'",
      "  error: subprocess-exited-with-error",
      "  × Building wheel for brokenpkg (pyproject.toml) did not run successfully.",
      "      error: command 'x86_64-linux-gnu-gcc' failed: No such file or directory",
      "  ERROR: Failed building wheel for brokenpkg",
      "Failed to build brokenpkg",
      "ERROR: Could not build wheels for brokenpkg, which is required to install pyproject.toml-based projects",
    ]);
    const failure = pipFailure(reader.facts, FAILED, CONTEXT);
    expect(failure.code).toBe("needs-compiler");
    expect(failure.message).toBe(
      "Building brokenpkg failed: brokenpkg has no ready-made wheel for Python 3.12 on this system, so pip had to build it, which needs a C compiler, and x86_64-linux-gnu-gcc is missing. " +
        "Use Python 3.11, for which all of tgcf's dependencies have ready-made wheels (install it, or install uv so tgcf-server can get it), or install a compiler (Debian/Ubuntu: `apt install build-essential python3-dev`); then try again.",
    );
  });

  test("cryptg on Python 3.12 needs Rust", () => {
    const { reader } = readAll([
      "Collecting cryptg<0.5.0,>=0.4.0",
      "  Getting requirements to build wheel: finished with status 'error'",
      "      error: can't find Rust compiler",
    ]);
    const failure = pipFailure(reader.facts, FAILED, CONTEXT);
    expect(failure.code).toBe("needs-compiler");
    expect(failure.message).toContain("Building cryptg failed: cryptg has no ready-made wheel for Python 3.12 on this system, so pip had to build it, which needs a Rust compiler");
  });

  test("missing Python headers name the -dev package", () => {
    const { reader } = readAll(["Collecting cryptg", "  Building wheel for cryptg (setup.py): finished with status 'error'", "      src/x.c:1:10: fatal error: Python.h: No such file or directory"]);
    expect(pipFailure(reader.facts, FAILED, CONTEXT).message).toContain("`apt install python3.12-dev`");
  });

  test("a build that fails for another reason names the package", () => {
    const { reader } = readAll(["Collecting brokenpkg", "  Preparing metadata (pyproject.toml): finished with status 'error'", "      RuntimeError: brokenpkg's setup.py fails on purpose"]);
    const failure = pipFailure(reader.facts, FAILED, CONTEXT);
    expect(failure.code).toBe("build-failed");
    expect(failure.message).toStartWith("Building brokenpkg failed: brokenpkg has no ready-made wheel for Python 3.12 on this system, so pip had to build it, and its build stopped with an error");
  });

  test("a tgcf that requires a newer Python says which", () => {
    const { reader } = readAll([
      "ERROR: Ignored the following versions that require a different python version: 1.1.8 Requires-Python >=3.10",
      "ERROR: Could not find a version that satisfies the requirement tgcf==1.1.8 (from versions: 0.2.11)",
    ]);
    const failure = pipFailure(reader.facts, FAILED, { ...CONTEXT, pythonMinor: "3.9" });
    expect(failure.code).toBe("python-not-supported");
    expect(failure.message).toStartWith("tgcf 1.1.8 does not support Python 3.9 (1.1.8 Requires-Python >=3.10): use Python 3.11");
  });

  test("anything else quotes pip's last error", () => {
    const { reader } = readAll(["ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device"]);
    expect(pipFailure(reader.facts, FAILED, CONTEXT).message).toBe(
      "pip could not install tgcf 1.1.8 (exit code 1): Could not install packages due to an OSError: [Errno 28] No space left on device. See the output above, then try again.",
    );
  });
});
