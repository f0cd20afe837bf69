// Entry point: parse settings, start the server, print where and how to sign in, shut down cleanly on signals.
import { helpText, parseSettings, prepareDataDir, SettingsError, type Settings } from "./settings";
import { COMMIT, VERSION } from "./version";
import { startServer } from "./app";
import { runHealthcheck } from "./healthcheck";
import { unsupportedFeatureReason } from "./platform";

const EXIT_BAD_SETTINGS = 2;

function fail(message: string): never {
  process.stderr.write(`tgcf-server: ${message}\n`);
  process.exit(EXIT_BAD_SETTINGS);
}

async function serve(settings: Settings): Promise<void> {
  const handle = await startServer(settings).catch((error: Error & { code?: string }) => {
    if (error.code === "EADDRINUSE" || /in use/i.test(error.message)) fail(`port ${settings.port} is already in use: choose another with --port`);
    if (error instanceof SettingsError) fail(error.message);
    throw error;
  });
  const tokenLine =
    handle.token.source === "setting"
      ? "token: the one you set (--token / TGCF_SERVER_TOKEN)"
      : `token: ${handle.token.token}   (kept in ${handle.token.path}; set TGCF_SERVER_TOKEN to choose your own)`;
  process.stdout.write(`tgcf-server ${VERSION} listening on ${handle.url}\n${tokenLine}\nsign in at ${handle.url}/ with that token; API docs at ${handle.url}/api/docs\n`);
  const unsupported = unsupportedFeatureReason();
  if (unsupported) process.stderr.write(`tgcf-server: ${unsupported}\n`);

  let signalled = false;
  const shutdown = async (signal: string) => {
    if (signalled) return;
    signalled = true;
    process.stderr.write(`tgcf-server: ${signal} received, stopping tgcf and shutting down\n`);
    await handle.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseSettings(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof SettingsError) fail(error.message);
    throw error;
  }
  if (parsed.kind === "help") return void process.stdout.write(helpText() + "\n");
  if (parsed.kind === "version") return void process.stdout.write(`tgcf-server ${VERSION} (${COMMIT}) bun ${Bun.version}\n`);
  if (parsed.kind === "command") process.exit(await runHealthcheck(parsed.settings));
  try {
    prepareDataDir(parsed.settings.dataDir);
  } catch (error) {
    if (error instanceof SettingsError) fail(error.message);
    throw error;
  }
  await serve(parsed.settings);
}

await main();
