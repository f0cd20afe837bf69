import { describe, expect, test } from "bun:test";
import { isLoopbackHost, startBanner } from "../src/banner";

const generated = { token: "generated-token-value-0123456789", source: "generated" as const, path: "/data/.tgcf-server/token" };

describe("start banner", () => {
  test("says the address it really listens on, and warns when that is every interface over plain HTTP", () => {
    const text = startBanner("1.0", { host: "0.0.0.0", port: 8080 }, generated);
    expect(text).toContain("listening on 0.0.0.0:8080 (every network interface");
    expect(text).toContain("http://localhost:8080/");
    expect(text).toContain(`token: ${generated.token}`);
    expect(text).toMatch(/warning: other machines can reach this server over plain HTTP/);
    expect(text).toContain("--host 127.0.0.1");
  });

  test("a loopback address gets no warning, and IPv6 addresses are bracketed", () => {
    expect(startBanner("1.0", { host: "127.0.0.1", port: 9000 }, generated)).not.toContain("warning");
    const v6 = startBanner("1.0", { host: "::1", port: 9000 }, generated);
    expect(v6).toContain("listening on [::1]:9000");
    expect(v6).not.toContain("warning");
    expect(startBanner("1.0", { host: "192.168.1.5", port: 80 }, generated)).toContain("warning");
  });

  test("says whether tgcf was found, and with which flag to point at it when not", () => {
    const lookup = { command: "tgcf", executable: "/opt/tgcf/bin/tgcf" };
    expect(startBanner("1.0", { host: "127.0.0.1", port: 1 }, generated, lookup)).toContain("tgcf: /opt/tgcf/bin/tgcf");
    const missing = startBanner("1.0", { host: "127.0.0.1", port: 1 }, generated, { command: "tgcf", executable: null });
    expect(missing).toContain('tgcf not found ("tgcf")');
    expect(missing).toContain("--tgcf-command");
  });

  test("a token that was set is never printed", () => {
    const text = startBanner("1.0", { host: "127.0.0.1", port: 1 }, { token: "set-by-the-owner-0123456789", source: "setting", path: null });
    expect(text).not.toContain("set-by-the-owner");
  });

  test.each([["127.0.0.1", true], ["127.1.2.3", true], ["localhost", true], ["::1", true], ["0.0.0.0", false], ["::", false], ["10.0.0.1", false]])("%s is loopback: %p", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
