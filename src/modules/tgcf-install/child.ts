// Runs one step's program (python -m venv, pip, tgcf --version) in its own process group, line by line, so that a
// cancel or a timeout ends it and everything it started (pip's build subprocesses) at once.
import { LineSplitter } from "../logs/line-splitter";
import { stripAnsi } from "../logs/ansi";
import { stripControls } from "../../shared/untrusted-text";
import { signalGroup, waitForGroupExit } from "../process/signals";

/** SIGINT lets pip remove its temporary files and say "Operation cancelled by user"; SIGKILL follows after this. */
export const CANCEL_GRACE_MS = 3_000;
/** How long a SIGKILLed group gets to disappear before a cancel gives up waiting. */
const KILL_WAIT_MS = 2_000;
/** Lines of output kept for a failure's report. */
export const OUTPUT_TAIL_LINES = 80;

export interface ChildOptions {
  cwd: string;
  env: Record<string, string>;
  /** The group is ended after this long, and the result says timedOut. */
  timeoutMs: number;
  /** Each line of stdout and stderr, as plain text (no escape sequences), as it comes. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface ChildResult {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Whether stop() ended it. */
  stopped: boolean;
  /** The last OUTPUT_TAIL_LINES lines of stdout and stderr together. */
  tail: string[];
}

export interface RunningChild {
  /** Leader of its own process group (pgid = pid). */
  pid: number;
  /** Ends the whole group: SIGINT, then SIGKILL after CANCEL_GRACE_MS; resolves once nothing of it is left. */
  stop(): Promise<void>;
  result: Promise<ChildResult>;
}

/** Starts `argv` in a new session; throws when it cannot be started (no such program). */
export function startChild(argv: string[], options: ChildOptions): RunningChild {
  const child = Bun.spawn(argv, { cwd: options.cwd, env: options.env, detached: true, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const tail: string[] = [];
  const take = (stream: "stdout" | "stderr") => (raw: string) => {
    const line = stripControls(stripAnsi(raw));
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    options.onLine?.(line, stream);
  };
  let stopped = false;
  let timedOut = false;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (!signalGroup(child.pid, "SIGINT")) return;
      if (await waitForGroupExit(child.pid, CANCEL_GRACE_MS)) return;
      signalGroup(child.pid, "SIGKILL");
      await waitForGroupExit(child.pid, KILL_WAIT_MS);
    })());
  const timer = setTimeout(() => {
    timedOut = true;
    void stop();
  }, options.timeoutMs);
  const result = (async (): Promise<ChildResult> => {
    await Promise.all([readLines(child.stdout, take("stdout")), readLines(child.stderr, take("stderr")), child.exited]);
    clearTimeout(timer);
    if (stopping) await stopping;
    const signal = typeof child.signalCode === "number" ? `signal ${child.signalCode}` : child.signalCode;
    return { code: child.exitCode, signal, timedOut, stopped, tail };
  })();
  return {
    pid: child.pid,
    stop: () => {
      stopped = true;
      return stop();
    },
    result,
  };
}

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const splitter = new LineSplitter(onLine);
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    splitter.push(value);
  }
  splitter.flush();
}

/** Runs `argv` to its end (see startChild). */
export function runChild(argv: string[], options: ChildOptions): Promise<ChildResult> {
  return startChild(argv, options).result;
}
