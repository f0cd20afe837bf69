// Search, stream filter, pause, clear and downloads of the live log.
import { instanceApi } from "../state/instance.ts";
import type { LogFilter } from "../lib/log-filter.ts";
import { LOG_STREAM_NAMES, type LogStreamName } from "../lib/log-types.ts";

const STREAM_LABELS: Record<LogStreamName, string> = { stdout: "Output", stderr: "Errors", system: "Server" };

interface ToolbarProps {
  filter: LogFilter;
  filterError: string | null;
  paused: boolean;
  searching: boolean;
  onFilter(filter: LogFilter): void;
  onPause(paused: boolean): void;
  onClear(): void;
  onDownloadResult(): void;
}

export function LogToolbar({ filter, filterError, paused, searching, onFilter, onPause, onClear, onDownloadResult }: ToolbarProps) {
  const toggleStream = (stream: LogStreamName, on: boolean) =>
    onFilter({ ...filter, streams: LOG_STREAM_NAMES.filter((s) => (s === stream ? on : filter.streams.includes(s))) });
  return (
    <div class="log-toolbar">
      <div class="log-search">
        <label for="log-search">Search</label>
        <input
          id="log-search"
          type="search"
          value={filter.text}
          placeholder={filter.regex ? "regular expression" : "text"}
          aria-invalid={filterError !== null}
          aria-describedby="log-search-error"
          onInput={(event) => onFilter({ ...filter, text: event.currentTarget.value })}
        />
        <label class="choice-option">
          <input type="checkbox" checked={filter.regex} onChange={(event) => onFilter({ ...filter, regex: event.currentTarget.checked })} />
          Regex
        </label>
      </div>
      <fieldset class="log-streams">
        <legend class="visually-hidden">Streams shown</legend>
        {LOG_STREAM_NAMES.map((stream) => (
          <label class={`choice-option stream-choice stream-${stream}`} key={stream}>
            <input type="checkbox" checked={filter.streams.includes(stream)} onChange={(event) => toggleStream(stream, event.currentTarget.checked)} />
            {STREAM_LABELS[stream]}
          </label>
        ))}
      </fieldset>
      <div class="log-actions">
        <button type="button" class="button small" aria-pressed={paused} onClick={() => onPause(!paused)}>
          {paused ? "Resume" : "Pause"}
        </button>
        <button type="button" class="button small" onClick={onClear}>
          Clear view
        </button>
        <button type="button" class="button small" onClick={onDownloadResult} disabled={filterError !== null || searching}>
          Download result
        </button>
        <a class="button small" href={instanceApi("logs/download")} download>
          Download full log
        </a>
      </div>
      <p id="log-search-error" class="field-error" aria-live="polite">
        {filterError}
      </p>
    </div>
  );
}
