// Streams the log files one after another, never holding a whole file in memory. A downloaded log ends up in
// editors and terminals: no control character a line could use to hide, reorder or fake text gets through.
import { stripControls } from "../../shared/untrusted-text";
import { keepOnlyColours, stripAnsi } from "./ansi";
import { closeSync } from "node:fs";
import { openForReadingIfExistsSync } from "../../utils/safe-fs";

/** Plain text (no escape sequence, no control but tab and newline); with `keepAnsi`, SGR colours stay for a terminal. */
export function logDownloadStream(paths: string[], keepAnsi: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const clean = keepAnsi ? keepOnlyColours : (text: string) => stripControls(stripAnsi(text));
  let index = 0;
  let reader: ReadableStreamDefaultReader<string> | null = null;
  let carry = "";
  let openFd: number | null = null;
  const closeOpenFd = () => {
    if (openFd !== null) closeSync(openFd);
    openFd = null;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!reader) {
          const path = paths[index++];
          if (path === undefined) {
            if (carry) controller.enqueue(encoder.encode(clean(carry)));
            controller.close();
            return;
          }
          // Opened without following a link: the file is read through this descriptor, not by name again.
          const fd = openForReadingIfExistsSync(path);
          if (fd === null) continue;
          openFd = fd;
          reader = Bun.file(fd).stream().pipeThrough(new TextDecoderStream()).getReader();
        }
        const { done, value } = await reader.read();
        if (done) {
          reader = null;
          closeOpenFd();
          continue;
        }
        // Clean per whole line so an escape sequence split across chunks is still recognised.
        const text = carry + value;
        const cut = text.lastIndexOf("\n") + 1;
        carry = text.slice(cut);
        const complete = text.slice(0, cut);
        if (complete) {
          controller.enqueue(encoder.encode(clean(complete)));
          return;
        }
      }
    },
    cancel() {
      void reader?.cancel();
      closeOpenFd();
    },
  });
}
