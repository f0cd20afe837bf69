// tgcf warns at every start that its web UI has no password. Under tgcf-server that UI is never served, so the
// warning is kept in the log (it is tgcf's line) with a note, once per run, that it does not apply.
import type { StreamSink } from "./output";

/** Part of tgcf 1.1.8's warning that survives rich's wrapping at 80 columns. */
export const WEB_PASSWORD_WARNING_TEXT = "not set a password to";
export const WEB_PASSWORD_NOTE =
  "tgcf's warning about a password for its web access does not apply here: tgcf-server replaces tgcf's web UI, which `tgcf live|past` never serves";
/** The warning comes among tgcf's first lines: the rest of the output is not searched. */
const SCANNED_BYTES = 64 * 1024;

/** `sink`, with `note` called once when tgcf's web-password warning passes through it. */
export function withWebPasswordNote(sink: StreamSink, note: (text: string) => void): StreamSink {
  const decoder = new TextDecoder();
  let scanned = 0;
  let tail = "";
  let done = false;
  return {
    write(chunk) {
      sink.write(chunk);
      if (done) return;
      const text = tail + decoder.decode(chunk, { stream: true });
      if (text.includes(WEB_PASSWORD_WARNING_TEXT)) {
        done = true;
        note(WEB_PASSWORD_NOTE);
      }
      scanned += chunk.length;
      done ||= scanned >= SCANNED_BYTES;
      tail = text.slice(-WEB_PASSWORD_WARNING_TEXT.length);
    },
    end() {
      sink.end();
    },
  };
}
