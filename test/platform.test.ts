import { describe, expect, test } from "bun:test";
import { unsupportedFeatureReason, WINDOWS_UNSUPPORTED_REASON } from "../src/platform";

describe("unsupportedFeatureReason", () => {
  test("on Windows it explains that the graceful stop needs process groups and POSIX signals", () => {
    const reason = unsupportedFeatureReason("win32");
    expect(reason).toBe(WINDOWS_UNSUPPORTED_REASON);
    expect(reason).toContain("Windows");
    expect(reason).toContain("process groups");
    expect(reason).toContain("SIGTERM");
  });

  test("on Linux and macOS nothing is unsupported", () => {
    expect(unsupportedFeatureReason("linux")).toBeNull();
    expect(unsupportedFeatureReason("darwin")).toBeNull();
  });

  test("defaults to the platform it runs on", () => {
    expect(unsupportedFeatureReason()).toBe(unsupportedFeatureReason(process.platform));
  });
});
