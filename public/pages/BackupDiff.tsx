// A backup against the current config, line by line (changed lines only, with a little context).
import { useMemo } from "preact/hooks";
import type { Config } from "../api/types.ts";
import { diffLines, foldUnchanged } from "../lib/line-diff.ts";

const MARKS = { same: " ", added: "+", removed: "−" } as const;

export function BackupDiff({ backup, current }: { backup: Config; current: Config | null }) {
  const lines = useMemo(
    () => foldUnchanged(diffLines(JSON.stringify(current ?? {}, null, 2).split("\n"), JSON.stringify(backup, null, 2).split("\n"))),
    [backup, current],
  );
  if (!lines.some((line) => line.kind === "added" || line.kind === "removed")) return <p>Same as the current config.</p>;
  return (
    <>
      <p class="card-help">
        <span class="diff-removed">− current</span> <span class="diff-added">+ this version</span>
      </p>
      <pre class="diff" tabIndex={0} aria-label="Differences between the current config and this version">
        {lines.map((line, i) =>
          line.kind === "fold" ? (
            <span class="diff-fold" key={i}>
              {`… ${line.count} unchanged ${line.count === 1 ? "line" : "lines"}\n`}
            </span>
          ) : (
            <span class={`diff-${line.kind}`} key={i}>
              {`${MARKS[line.kind]} ${line.text}\n`}
            </span>
          ),
        )}
      </pre>
    </>
  );
}
