// How the benchmark children write a line: every byte, one write(2) at a time as an unbuffered Python does, waiting on
// a full non-blocking pipe; a reader that went away ends the child (a benchmark has nobody to print for).
import { writeSync } from "node:fs";

const STDOUT_FD = 1;

export function writeLine(bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(STDOUT_FD, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") process.exit(1);
      if (code !== "EAGAIN") throw error;
      Bun.sleepSync(1); // the reader is behind, as a blocking write would wait
    }
  }
}
