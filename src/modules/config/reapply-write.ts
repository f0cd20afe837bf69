// Replacing the config file atomically without losing a write tgcf makes meanwhile. tgcf writes in place; a rename
// over the file after tgcf's write would silently drop it (its progress, or its very last write before it exits).
// So the new content is written and synced to a temporary file first, and the file is compared with what the
// replacement was built from right before the rename: the window left is that of one read and one rename.
import { writeFileAtomically } from "../../utils/atomic-write";
import { ApiError } from "../../utils/api-error";
import { readFileNoFollow } from "../../utils/safe-fs";

/** A write is built again from the file this often when another program writes it meanwhile (tgcf, in place). */
const MAX_WRITE_ATTEMPTS = 5;

/** The file changed between reading it and replacing it: the write is built again from the new content. */
export class ChangedMeanwhile extends Error {}

/** Runs `task` (which reads the file, builds and writes) again while it throws ChangedMeanwhile; 503 when it keeps changing. */
export async function retryWhileChanged<T>(task: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!(error instanceof ChangedMeanwhile)) throw error;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new ApiError(503, "tgcf.config.json kept changing while it was being saved: try again");
    }
  }
}

/**
 * Replaces `path` with `data` (mode `mode`), unless the file no longer holds `expected` (undefined: no file).
 * Returns false, and leaves everything as it was, when it changed; the caller reads it again and rebuilds.
 */
export function replaceFileIfUnchanged(path: string, data: Uint8Array, expected: Uint8Array | undefined, mode: number): Promise<boolean> {
  return writeFileAtomically(path, data, { mode, beforeRename: async () => sameContent(await readOrUndefined(path), expected) });
}

async function readOrUndefined(path: string): Promise<Uint8Array | undefined> {
  return readFileNoFollow(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
}

function sameContent(left: Uint8Array | undefined, right: Uint8Array | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return Buffer.from(left).equals(right);
}
