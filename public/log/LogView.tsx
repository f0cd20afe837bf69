// The live log: coloured lines with the server's timestamps, following the end, searchable, downloadable.
import { instanceApiBase } from "../state/instance.ts";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiFailure, request } from "../api/http.ts";
import { compileLogFilter, formatLogText, logSearchQuery, type LogFilter } from "../lib/log-filter.ts";
import { LOG_STREAM_NAMES, type LogEntry } from "../lib/log-types.ts";
import { dismissLogNotice, logBuffer, logNotices, onLogLines } from "../state/log-store.ts";
import { useStore } from "../state/store.ts";
import { ConnectionStatus } from "./ConnectionStatus.tsx";
import { LogController, type LogViewState } from "./log-controller.ts";
import { LogToolbar } from "./LogToolbar.tsx";
import { fileStamp, saveTextFile } from "./save-file.ts";

/** Lines the server's in-memory log holds, all of which a search download asks for. */
const SEARCH_DOWNLOAD_LINES = 5_000;

export function LogView() {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<LogController | null>(null);
  const [view, setView] = useState<LogViewState>({ following: true, paused: false, unseen: 0, shown: 0 });
  const [filter, setFilter] = useState<LogFilter>({ text: "", regex: false, streams: LOG_STREAM_NAMES });
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const notices = useStore(logNotices);
  const compiled = useMemo(() => compileLogFilter(filter), [filter]);

  useEffect(() => {
    const logController = new LogController(container.current!, () => logBuffer.all(), setView);
    controller.current = logController;
    logController.setFilter(() => true);
    const unsubscribe = onLogLines((entries: readonly LogEntry[]) => logController.receive(entries));
    return () => {
      unsubscribe();
      logController.dispose();
    };
  }, []);

  useEffect(() => {
    if (compiled.ok) controller.current?.setFilter(compiled.matches);
  }, [compiled]);

  const downloadResult = async () => {
    setSearching(true);
    setDownloadProblem(null);
    try {
      const { data } = await request<{ lines: LogEntry[] }>(`${instanceApiBase()}logs?${logSearchQuery(filter, SEARCH_DOWNLOAD_LINES)}`);
      const lines = compiled.ok ? data.lines.filter(compiled.matches) : data.lines;
      saveTextFile(`tgcf-log-search-${fileStamp()}.txt`, formatLogText(lines));
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setDownloadProblem(error.message);
    } finally {
      setSearching(false);
    }
  };

  return (
    <section class="card log-card" aria-labelledby="log-title">
      <header class="card-header">
        <h2 id="log-title">Live log</h2>
        <ConnectionStatus />
      </header>
      <LogToolbar
        filter={filter}
        filterError={compiled.ok ? downloadProblem : compiled.error}
        paused={view.paused}
        searching={searching}
        onFilter={setFilter}
        onPause={(paused) => controller.current?.setPaused(paused)}
        onClear={() => controller.current?.clearView(logBuffer.lastSeq)}
        onDownloadResult={() => void downloadResult()}
      />
      {notices.map((notice) => (
        <div class="notice warning log-notice" role="status" key={notice.id}>
          {notice.text}
          <button type="button" class="link-button" onClick={() => dismissLogNotice(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
      <div class="log-frame">
        <div
          ref={container}
          class="log-rows"
          role="log"
          aria-live="off"
          aria-label="tgcf output"
          tabIndex={0}
          onScroll={() => controller.current?.handleScroll()}
        />
        {view.shown === 0 && <p class="log-empty">{compiled.ok && compiled.active ? "No line matches." : "No log lines yet. Start tgcf to see its output here."}</p>}
        {(view.unseen > 0 || view.paused) && (
          <button type="button" class="button small new-lines" onClick={() => controller.current?.jumpToEnd()}>
            {view.paused ? `Paused: ${view.unseen} new ${view.unseen === 1 ? "line" : "lines"}` : `${view.unseen} new ${view.unseen === 1 ? "line" : "lines"}`} ↓
          </button>
        )}
      </div>
    </section>
  );
}
