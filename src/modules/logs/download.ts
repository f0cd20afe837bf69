// Streams the log files one after another, never holding a whole file in memory. A downloaded log ends up in
// editors and terminals: no control character a line could use to hide, reorder or fake text gets through.
import { stripControls } from "../../shared/untrusted-text";
import { keepOnlyColours, stripAnsi } from "./ansi";

/** Plain text (no escape sequence, no control but tab and newline); with `keepAnsi`, SGR colours stay for a terminal. */
export function logDownloadStream(paths: string[], keepAnsi: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const clean = keepAnsi ? keepOnlyColours : (text: string) => stripControls(stripAnsi(text));
  let index = 0;
  let reader: ReadableStreamDefaultReader<string> | null = null;
  let carry = "";
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
          const file = Bun.file(path);
          if (!(await file.exists())) continue;
          reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
        }
        const { done, value } = await reader.read();
        if (done) {
          reader = null;
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
    },
  });
}
