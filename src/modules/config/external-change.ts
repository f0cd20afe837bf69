// A new version of the config file, as told to open UIs (an event) and to the instance's log (a system line).
// Only JSON pointers are told, never a value, so no secret can reach a log or a socket this way.
import type { FieldError } from "../../utils/api-error";
import type { TextFieldError } from "./config-text";
import { diffConfigs, isOffsetChange, pointerOf } from "./reapply-diff";
import type { ConfigSnapshot } from "./store";

/** Pointers named in one log line; the rest are counted. */
export const MAX_POINTERS_LOGGED = 10;
const FILE = "tgcf.config.json";
const OFFSET_POINTER = /^\/forwards\/\d+\/offset$/;

export interface ConfigFileChange {
  /**
   * external: another program (tgcf, an editor) wrote the file; saved: a save or restore through the server;
   * written-back: the server wrote the changes saved since tgcf started back over tgcf's write.
   */
  kind: "external" | "saved" | "written-back";
  /** ISO time the server wrote or noticed it. */
  at: string;
  /** The new ETag of GET /api/config (MISSING_CONFIG_ETAG when the file was removed). */
  etag: string;
  state: ConfigSnapshot["state"];
  /** Pointers that differ from the previous version; empty when either version is not a valid config. */
  changed: string[];
  /** Only connections' offsets changed: tgcf recording its past-mode progress. */
  offsetsOnly: boolean;
  whileTgcfRan: boolean;
  /** external only: fields saved since tgcf started that this write reverted, which the server writes back. */
  writingBack: string[];
}

/** The pointers that differ between two versions (none when either is not a valid config), and whether only offsets did. */
export function changedFields(previous: ConfigSnapshot, next: ConfigSnapshot): { changed: string[]; offsetsOnly: boolean } {
  if (previous.state === "invalid" || next.state === "invalid") return { changed: [], offsetsOnly: false };
  const changes = diffConfigs(previous.config, next.config);
  return { changed: changes.map(pointerOf), offsetsOnly: changes.length > 0 && changes.every(isOffsetChange) };
}

/**
 * Decides which external changes make a log line: every one, except that tgcf's progress (offsets only) is told
 * once per run, and a write that changes the same fields as the last one told (tgcf writing its copy again, once
 * per past-mode message) is not told again.
 */
export class ExternalChangeLog {
  private toldProgress = false;
  private lastTold = "";

  /** A new tgcf run: its progress and its reverts are told again. */
  newRun(): void {
    this.toldProgress = false;
    this.lastTold = "";
  }

  /** The line to log for `change`, or null when it need not be told. */
  lineFor(change: ConfigFileChange, next: ConfigSnapshot): string | null {
    if (change.offsetsOnly) {
      if (this.toldProgress) return null;
      this.toldProgress = true;
      return `${FILE}: tgcf is recording its progress (${listed(change.changed)}); its next such writes are not logged`;
    }
    const told = JSON.stringify([change.state, change.changed.filter((pointer) => !OFFSET_POINTER.test(pointer)), change.writingBack]);
    if (told === this.lastTold) return null;
    this.lastTold = told;
    return externalChangeLine(change, next);
  }
}

/** The system line for a change made by another program. */
export function externalChangeLine(change: ConfigFileChange, next: ConfigSnapshot): string {
  const by = `was changed by another program${change.whileTgcfRan ? " while tgcf ran" : ""}`;
  if (next.state === "missing") return `${FILE} was removed by another program${change.whileTgcfRan ? " while tgcf ran" : ""}`;
  if (next.state === "invalid") {
    return `${FILE} ${by} and is not a valid config (${whereInvalid(next.errors)}): tgcf would run on its defaults; fix it with a full save or restore a backup`;
  }
  const what = change.changed.length > 0 ? `: ${listed(change.changed)}` : " (the whole file)";
  const back = change.writingBack.length > 0 ? `; writing back what was saved here since tgcf started: ${listed(change.writingBack)}` : "";
  return `${FILE} ${by}${what}${back}`;
}

function listed(pointers: readonly string[]): string {
  const shown = pointers.slice(0, MAX_POINTERS_LOGGED).join(", ");
  const more = pointers.length - MAX_POINTERS_LOGGED;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

// Where, never what: a JSON error's message quotes the character it stopped at, which may belong to a secret.
function whereInvalid(errors: readonly FieldError[]): string {
  const [first] = errors;
  if (first && "line" in first) return `JSON error at line ${(first as TextFieldError).line}, column ${(first as TextFieldError).column}`;
  return `at ${listed(errors.map((error) => error.path || "the top level"))}`;
}
