// Entry point: parse settings, start the server, print where and how to sign in, shut down cleanly on signals.
import { helpText, parseSettings, prepareDataDir, SettingsError, type Settings } from "./settings";
import { COMMIT, VERSION } from "./version";
import { startServer, type ServerHandle } from "./app";
import { runHealthcheck } from "./healthcheck";
import { runTgcfInstallCommand } from "./tgcf-install-cli";
import { startBanner, type TgcfLookup } from "./banner";
import { resolveExecutable, splitCommand } from "./modules/process/command";
import { RefusedPathError } from "./utils/safe-fs";
import { unsupportedFeatureReason } from "./platform";
import { adoptOrphans } from "./modules/process/subreaper";

const EXIT_BAD_SETTINGS = 2;

function fail(message: string): never {
  process.stderr.write(`tgcf-server: ${message}\n`);
  process.exit(EXIT_BAD_SETTINGS);
}

/** Where the configured tgcf command is, for the banner (null when it cannot be found). */
function lookUpTgcf(command: string): TgcfLookup {
  try {
    const [program] = splitCommand(command);
    return { command, executable: program === undefined ? null : resolveExecutable(program, process.env.PATH) };
  } catch {
    return { command, executable: null };
  }
}

async function serve(settings: Settings): Promise<void> {
  // Before tgcf can start: its orphans then come to the server, not pid 1, so a stop still finds and reaps them.
  const orphansWarning = adoptOrphans();
  if (orphansWarning) process.stderr.write(`tgcf-server: ${orphansWarning}\n`);
  // Signals are taken from the start: one that arrives while the server starts (recovering tgcf) is acted on
  // as soon as it has started, so tgcf is never left running without its server.
  let handle: ServerHandle | null = null;
  let signalled: string | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    signalled ??= signal;
    if (handle === null || stopping) return;
    stopping = true;
    process.stderr.write(`tgcf-server: ${signal} received, stopping tgcf and shutting down\n`);
    let code = 0;
    try {
      await handle.stop();
    } catch (error) {
      process.stderr.write(`tgcf-server: shutting down failed: ${(error as Error).message}\n`);
      code = 1;
    }
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  handle = await startServer(settings).catch((error: Error & { code?: string }) => {
    if (error.code === "EADDRINUSE" || /in use/i.test(error.message)) fail(`port ${settings.port} is already in use: choose another with --port`);
    if (error instanceof SettingsError || error instanceof RefusedPathError) fail(error.message);
    throw error;
  });
  process.stdout.write(startBanner(VERSION, { host: settings.host, port: handle.port }, handle.token, lookUpTgcf(settings.tgcfCommand)));
  const unsupported = unsupportedFeatureReason();
  if (unsupported) process.stderr.write(`tgcf-server: ${unsupported}\n`);
  if (signalled) void shutdown(signalled);
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
  if (parsed.kind === "command" && parsed.name === "tgcf-install") process.exit(await runTgcfInstallCommand(parsed.settings, parsed));
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
