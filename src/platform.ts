// What this platform cannot do, said once at start and by the run API instead of failing half-way.

/**
 * Windows has no process groups and no POSIX signals: the supervisor could neither stop tgcf
 * gracefully (SIGINT, then SIGTERM, then SIGKILL to its group) nor reach tgcf's children.
 */
export const WINDOWS_UNSUPPORTED_REASON =
  "Running tgcf from tgcf-server is not supported on Windows: stopping tgcf safely needs process groups and POSIX signals (SIGINT, SIGTERM), which Windows does not have. " +
  "Editing the config works; to run tgcf from here, use tgcf-server on Linux or macOS, in WSL, or in Docker.";

/**
 * Why tgcf cannot be run and stopped on `platform` (default: this machine), as one sentence a
 * person can act on; null when it can.
 */
export function unsupportedFeatureReason(platform: NodeJS.Platform = process.platform): string | null {
  return platform === "win32" ? WINDOWS_UNSUPPORTED_REASON : null;
}
