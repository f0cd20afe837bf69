// `tgcf-server tgcf install [--version V] [--index-url URL]`: installs tgcf into the data dir's managed environment,
// printing each step and package as it happens. Exit 0 when installed, 1 when it failed, 130 when interrupted.
import { prepareDataDir, SettingsError, type Settings } from "./settings";
import { DEFAULT_TGCF_COMMAND } from "./modules/process/supervisor-options";
import { InstallBusyError, TgcfInstaller } from "./modules/tgcf-install/installer";
import type { InstallEvent, InstallReport } from "./modules/tgcf-install/model";

export const EXIT_INSTALLED = 0;
export const EXIT_FAILED = 1;
/** 128 + SIGINT, as a shell reports a command ended by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
/** Lines of pip's output printed before a failure's sentence. */
const FAILURE_CONTEXT_LINES = 25;

export interface TgcfInstallCommandOptions {
  tgcfVersion: string | null;
  indexUrl: string | null;
  env?: Record<string, string | undefined>;
  /** Where progress goes (default stdout); failures and warnings go to `errors` (default stderr). */
  out?: (text: string) => void;
  errors?: (text: string) => void;
}

/** Runs the install to its end; Ctrl-C (SIGINT) or SIGTERM cancels it (pip's process group is ended). */
export async function runTgcfInstallCommand(settings: Settings, options: TgcfInstallCommandOptions): Promise<number> {
  const out = options.out ?? ((text: string) => void process.stdout.write(text));
  const errors = options.errors ?? ((text: string) => void process.stderr.write(text));
  try {
    prepareDataDir(settings.dataDir);
  } catch (error) {
    if (error instanceof SettingsError) return failWith(errors, error.message);
    throw error;
  }
  const installer = new TgcfInstaller({ dataDir: settings.dataDir, env: options.env ?? process.env });
  let started;
  try {
    started = installer.start({ version: options.tgcfVersion ?? undefined, indexUrl: options.indexUrl });
  } catch (error) {
    if (error instanceof InstallBusyError || error instanceof RangeError) return failWith(errors, error.message);
    throw error;
  }
  const cancel = () => void installer.cancel();
  process.on("SIGINT", cancel);
  process.on("SIGTERM", cancel);
  try {
    started.progress.follow(0, (event) => printEvent(event, out, errors));
    const report = await started.done;
    await installer.settled();
    return finalWords(report, settings, out, errors);
  } finally {
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
  }
}

function printEvent(event: InstallEvent, out: (text: string) => void, errors: (text: string) => void): void {
  if (event.type === "step") out(`==> ${event.message}\n`);
  else if (event.type === "warning") errors(`warning: ${event.message}\n`);
  else if (event.type === "package" && event.package && ["downloading", "cached", "building"].includes(event.package.action)) out(`    ${event.message}\n`);
}

function finalWords(report: InstallReport, settings: Settings, out: (text: string) => void, errors: (text: string) => void): number {
  if (report.state === "succeeded") {
    const size = report.downloadedBytes > 0 ? `, ${sizeText(report.downloadedBytes)} downloaded` : "";
    out(`tgcf ${report.version} is installed (${report.packages.length} packages${size}): ${report.command}\n`);
    if (settings.tgcfCommand !== DEFAULT_TGCF_COMMAND) {
      out(`note: TGCF_SERVER_COMMAND (or --tgcf-command) is set to "${settings.tgcfCommand}", which the server keeps running: unset it to run the tgcf installed here.\n`);
    }
    return EXIT_INSTALLED;
  }
  if (report.state === "failed" && report.output.length > 0) errors(report.output.slice(-FAILURE_CONTEXT_LINES).map((line) => `    ${line}\n`).join(""));
  failWith(errors, report.error?.message ?? report.state);
  return report.state === "cancelled" ? EXIT_INTERRUPTED : EXIT_FAILED;
}

function failWith(errors: (text: string) => void, message: string): number {
  errors(`tgcf-server: ${message}\n`);
  return EXIT_FAILED;
}

/** As pip writes sizes: 988 bytes, 3.4 kB, 12.5 MB. */
function sizeText(bytes: number): string {
  if (bytes < 1_000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
