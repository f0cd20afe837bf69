// Starts the Telegram helper with the Python that runs tgcf, from a private temporary copy of its source.
import { ApiError } from "../../utils/api-error";
import { childEnvironment } from "../process/spawner";
import { formatDuration } from "./errors";
import { HelperFailure, HelperProcess } from "./helper-process";
import { writeHelperScript } from "./helper-script";
import { findTgcfPython, type FoundPython } from "./python";

export interface LauncherSettings {
  tgcfCommand: string;
  /** TGCF_SERVER_PYTHON, or null. */
  tgcfPython: string | null;
}

/** Starts one helper; throws ApiError when it cannot be started. */
export type HelperLauncher = (readyTimeoutMs: number) => Promise<HelperProcess>;

/**
 * A launcher that finds the Python at every start (tgcf may be installed while the server runs), writes the
 * helper into a new 0700 temporary directory, runs `<python> -u <helper>` there with `serverEnv` minus the
 * server's own TGCF_SERVER_* settings, and deletes the directory when the helper exits.
 */
export function pythonHelperLauncher(settings: LauncherSettings, serverEnv: Record<string, string | undefined>): HelperLauncher {
  return async (readyTimeoutMs) => {
    const env = childEnvironment(serverEnv);
    const python = findTgcfPython({ override: settings.tgcfPython, tgcfCommand: settings.tgcfCommand, searchPath: env.PATH });
    const script = writeHelperScript();
    try {
      return await HelperProcess.start({ argv: [python.path, "-u", script.path], cwd: script.dir, env, onExit: script.remove }, readyTimeoutMs);
    } catch (error) {
      throw error instanceof HelperFailure ? notStarted(error, python) : error;
    }
  };
}

function notStarted({ reason }: HelperFailure, python: FoundPython): ApiError {
  const fix = "install tgcf for it (pip install tgcf, which brings Telethon), or set TGCF_SERVER_PYTHON (--tgcf-python) to the Python that runs tgcf";
  const which = `${python.path} (from ${python.from})`;
  switch (reason.kind) {
    case "unavailable":
      return reason.code === "TELETHON_MISSING"
        ? new ApiError(500, `Telethon is not installed for ${which}: ${fix}`)
        : new ApiError(500, `the Telegram helper could not be started with ${which} (${reason.message}): ${fix}`);
    case "exited": {
      const how = reason.exception ?? (reason.signal ? `signal ${reason.signal}` : `exit code ${reason.code}`);
      return new ApiError(500, `the Telegram helper could not start with ${which} (${how}); it needs Python 3 with Telethon: ${fix}`);
    }
    case "timeout":
      return new ApiError(504, `the Telegram helper did not start within ${formatDuration(reason.afterMs)} with ${which}: try again`);
    default:
      return new ApiError(500, `the Telegram helper could not be started with ${which}`);
  }
}
