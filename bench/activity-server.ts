// Bench-only entry: tgcf-server from source like src/index.ts (same flags), with activity counting on or off.
//   BENCH_ACTIVITY=off bun bench/activity-server.ts --port N --data-dir D --token T --tgcf-command C
// "off" closes the instance's activity recorder right after the start: its log subscriber then returns at once, so
// the two runs differ only by the counting itself.
import { parseSettings, prepareDataDir } from "../src/settings";
import { startServer } from "../src/app";

const parsed = parseSettings(process.argv.slice(2), process.env);
if (parsed.kind !== "settings") throw new Error("activity-server.ts takes the server's flags only");
prepareDataDir(parsed.settings.dataDir);
const handle = await startServer(parsed.settings);
if (process.env.BENCH_ACTIVITY === "off") handle.instance.activity.close();
const stop = async () => {
  await handle.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.stdout.write(`listening on ${handle.port}, activity ${process.env.BENCH_ACTIVITY === "off" ? "off" : "on"}\n`);
