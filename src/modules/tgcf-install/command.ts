// Which command runs tgcf: the one a person set, else the managed tgcf once installed, else `tgcf` on the PATH.
import { DEFAULT_TGCF_COMMAND } from "../process/supervisor-options";
import { managedTgcfCommand } from "./paths";

export { managedTgcfCommand, managedTgcfExecutable } from "./paths";

/**
 * The command to run tgcf with in `dataDir`: `configured` (TGCF_SERVER_COMMAND) when it was set to anything but the
 * default, otherwise the managed tgcf when one is installed there, otherwise the default (`tgcf` on the PATH).
 */
export function effectiveTgcfCommand(configured: string, dataDir: string): string {
  if (configured !== DEFAULT_TGCF_COMMAND) return configured;
  return managedTgcfCommand(dataDir) ?? configured;
}

/**
 * Why a managed tgcf would never run here, as a sentence saying what to do; null when it would. A command set with
 * TGCF_SERVER_COMMAND (or --tgcf-command) wins over the managed tgcf, so the API does not install one nobody would run.
 */
export function managedTgcfUnusedReason(configured: string): string | null {
  if (configured === DEFAULT_TGCF_COMMAND) return null;
  return (
    `TGCF_SERVER_COMMAND (or --tgcf-command) is set to "${configured}", so this server runs that tgcf and would never run one it installs: ` +
    "unset it and restart the server to use a managed tgcf (or run `tgcf-server tgcf install` to prepare one anyway)."
  );
}
