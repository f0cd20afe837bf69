// Diagnosis for the HTTP numbers: where tgcf-server spends its CPU under the wrk load of bench/http.ts, from Bun's
// sampling profiler (bun --cpu-prof-md), as a table of the functions with the most self time.
//   bun bench/diagnose-http.ts
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printJson } from "./support/stats";
import { startTarget } from "./support/targets";
import { runWrk } from "./support/wrk";

const PROFILE_SECONDS = 8;
const TOP_FUNCTIONS = 15;

const profileDir = mkdtempSync(join(tmpdir(), "bench-http-profile-"));
const target = await startTarget("tgcf-server", { bunFlags: ["--cpu-prof-md", `--cpu-prof-dir=${profileDir}`], runnable: false });
let wrk;
try {
  wrk = await runWrk(`${target.url}/api/status`, PROFILE_SECONDS);
} finally {
  await target.stop(); // the profile is written as the server exits
}
const profileName = readdirSync(profileDir).find((name) => name.endsWith(".md"));
if (profileName === undefined) throw new Error("bun wrote no profile");
const profile = readFileSync(join(profileDir, profileName), "utf8");
rmSync(profileDir, { recursive: true, force: true });
const hot = profile.split("## Hot Functions (Self Time)")[1]?.split("\n## ")[0]?.trim().split("\n") ?? [];
console.log(`\n### tgcf-server CPU profile under wrk (GET /api/status, ${PROFILE_SECONDS} s, ${Math.round(wrk.requestsPerSecond)} requests/s while profiled): top ${TOP_FUNCTIONS} by self time\n`);
console.log(hot.slice(0, TOP_FUNCTIONS + 2).join("\n"));
printJson("diagnose-http", { requestsPerSecond: wrk.requestsPerSecond, hot: hot.slice(2, TOP_FUNCTIONS + 2) });
