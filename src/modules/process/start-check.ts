// The check before every start of tgcf, a person's or an automatic one: what would make it exit at once or ignore its
// config is refused (ApiError 422, each problem at its field), and the mode to run in comes from the saved config.
import { ApiError } from "../../utils/api-error";
import type { ConfigStore } from "../config/store";
import { unsupportedFeatureReason } from "../../platform";
import type { RunMode } from "./model";
import { preflight } from "./preflight";
import { dotenvProblems } from "./tgcf-environment";

/** tgcf's mode field: 1 is past, anything else runs live. */
export function savedModeOf(config: { mode?: unknown }): RunMode {
  return config.mode === 1 ? "past" : "live";
}

/** Reads the config from disk and checks it for `requestedMode`, else for the mode saved in it; returns that mode. */
export async function startCheck(config: ConfigStore, dataDir: string, requestedMode?: RunMode): Promise<RunMode> {
  const unsupported = unsupportedFeatureReason();
  if (unsupported) throw new ApiError(501, unsupported);
  const snapshot = await config.read();
  if (snapshot.state === "invalid") {
    throw new ApiError(422, "tgcf.config.json is not valid: fix it or restore a backup before starting tgcf", snapshot.errors);
  }
  const mode = requestedMode ?? savedModeOf(snapshot.config);
  const problems = [...dotenvProblems(dataDir), ...preflight(snapshot.config, mode).problems];
  if (problems.length > 0) {
    const summary = problems.length === 1 ? problems[0]!.message : `${problems[0]!.message} (and ${problems.length - 1} more: see details)`;
    throw new ApiError(422, `tgcf would exit at once: ${summary}`, problems);
  }
  return mode;
}
