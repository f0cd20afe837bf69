// Starting the tgcf process: an interface over Bun.spawn so the supervisor can be tested with a fake.
import { MONGO_VARIABLE_PREFIX } from "./tgcf-environment";
import type { ChildExit } from "./state";

export interface SpawnRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

/** A started child, leader of its own process group (pgid = pid). */
export interface SpawnedChild {
  pid: number;
  exited: Promise<ChildExit>;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
}

export interface Spawner {
  /** Starts the child; throws if it cannot be started. */
  spawn(request: SpawnRequest): SpawnedChild;
}

/**
 * What tgcf's environment needs when its output is piped (see test/fixtures/tgcf/README.md):
 * Python block-buffers print() into a pipe, rich wraps at 80 columns and drops colours.
 * COLUMNS is wide enough for one record per line, yet bounded because rich pads every line to it.
 */
export const CHILD_ENV_OVERRIDES: Readonly<Record<string, string>> = {
  PYTHONUNBUFFERED: "1",
  FORCE_COLOR: "1",
  COLUMNS: "200",
};

/**
 * Never passed on: the server's own settings (tokens included) are none of tgcf's business, and MONGO_CON_STR would
 * make tgcf take its config from MongoDB and ignore tgcf.config.json (see tgcf-environment.ts).
 */
const WITHHELD_ENV_PREFIXES = ["TGCF_SERVER_", MONGO_VARIABLE_PREFIX];
/** The files tgcf creates in the data dir (its bot session among them) are the owner's alone. */
export const CHILD_UMASK = 0o077;

/** The child's environment: the server's, minus TGCF_SERVER_* and MONGO_*, plus CHILD_ENV_OVERRIDES. */
export function childEnvironment(serverEnv: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(serverEnv)) {
    if (value !== undefined && !WITHHELD_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))) env[name] = value;
  }
  return { ...env, ...CHILD_ENV_OVERRIDES };
}

/**
 * Bun.spawn in a new session (its own process group, so a stop reaches grandchildren too), stdin
 * closed, stdout and stderr piped. The caller must read both pipes to the end: a full pipe blocks tgcf.
 */
export const bunSpawner: Spawner = {
  spawn({ argv, cwd, env }) {
    // Bun.spawn has no umask option; the child inherits the one in force while it is forked (synchronously, here).
    const previousUmask = process.umask(CHILD_UMASK);
    let child;
    try {
      child = Bun.spawn(argv, { cwd, env, detached: true, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    } finally {
      process.umask(previousUmask);
    }
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      exited: child.exited.then(() => ({ code: child.exitCode, signal: signalName(child.signalCode) })),
    };
  },
};

/** Bun reports a signal by name; a bare number (unknown signal) is spelled out. */
function signalName(signal: NodeJS.Signals | number | null): string | null {
  return typeof signal === "number" ? `signal ${signal}` : signal;
}
