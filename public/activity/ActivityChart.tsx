// Messages over time: an SVG of one path per series (fast at 2,160 points), its axes, a summary for screen readers
// and, on demand, the numbers as a table.
import { useState } from "preact/hooks";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import { fetchActivity, type ActivityReport, type Series } from "../api/activity.ts";
import { formatDateTime } from "../lib/format.ts";
import { busyPoints, CHART_RANGES, DEFAULT_CHART_RANGE, linePath, niceMax, PLOT_HEIGHT, rangeQuery, stepWords, summarise, tickLabel, tickTimes, type ChartRange } from "./chart.ts";
import { connectionLabel, formatCount } from "./activity-words.ts";
import { usePoll } from "./use-activity.ts";

/** Ticks along the time axis (the narrowest screens show the first, middle and last). */
const TIME_TICKS = 5;
const ALL = "all";

/** The two lines: live mode's received messages and past mode's forwarded ones. */
const LINES = [
  { key: "received", label: "Received (live mode)", className: "line-received" },
  { key: "forwarded", label: "Forwarded (past mode)", className: "line-forwarded" },
] as const;

function columnsOf(series: Series, connection: string): Record<(typeof LINES)[number]["key"], number[]> {
  const source = connection === ALL ? series.total : series.connections.find((columns) => String(columns.index) === connection);
  const empty = () => new Array<number>(series.points).fill(0);
  return { received: source?.received ?? empty(), forwarded: source?.forwarded ?? empty() };
}

function pointTime(series: Series, index: number): number {
  return Date.parse(series.start) + index * series.stepSeconds * 1000;
}

function ChartTable({ series, columns }: { series: Series; columns: Record<string, number[]> }) {
  const rows = busyPoints(LINES.map((line) => columns[line.key]!), series.points);
  if (rows.length === 0) return <p class="muted">No messages in this range.</p>;
  return (
    <div class="table-scroll">
      <table class="chart-table">
        <caption class="visually-hidden">Messages per {stepWords(series.stepSeconds)}, only the points with messages</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            {LINES.map((line) => (
              <th key={line.key} scope="col">
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((index) => (
            <tr key={index}>
              <th scope="row">{formatDateTime(pointTime(series, index))}</th>
              {LINES.map((line) => (
                <td key={line.key}>{formatCount(columns[line.key]![index]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Plot({ series, columns, range }: { series: Series; columns: Record<string, number[]>; range: ChartRange }) {
  const [tableOpen, setTableOpen] = useState(false);
  const max = niceMax(Math.max(0, ...LINES.flatMap((line) => summarise(columns[line.key]!).peak?.value ?? 0)));
  const width = Math.max(series.points - 1, 1);
  const spanMs = series.points * series.stepSeconds * 1000;
  const ticks = tickTimes(Date.parse(series.start), series.stepSeconds, series.points, TIME_TICKS);
  const perStep = stepWords(series.stepSeconds);
  const summaries = LINES.map((line) => {
    const { total, peak } = summarise(columns[line.key]!);
    const busiest = peak ? `, most in the ${perStep} from ${formatDateTime(pointTime(series, peak.index))} (${formatCount(peak.value)})` : "";
    return `${line.label}: ${formatCount(total)}${busiest}.`;
  });
  return (
    <figure class="chart" data-points={series.points} data-step-seconds={series.stepSeconds}>
      <div class="chart-frame">
        <div class="chart-y" aria-hidden="true">
          <span>{formatCount(max)}</span>
          <span>{Number.isInteger(max / 2) ? formatCount(max / 2) : ""}</span>
          <span>0</span>
        </div>
        <svg class="chart-plot" viewBox={`0 0 ${width} ${PLOT_HEIGHT}`} preserveAspectRatio="none" role="img" aria-labelledby="chart-summary">
          <path class="chart-grid" d={`M0 0H${width}M0 ${PLOT_HEIGHT / 2}H${width}M0 ${PLOT_HEIGHT}H${width}`} />
          {LINES.map((line) => (
            <path key={line.key} class={`chart-line ${line.className}`} d={linePath(columns[line.key]!, max)} />
          ))}
        </svg>
      </div>
      <div class="chart-x" aria-hidden="true">
        {ticks.map((tick, index) => (
          <span key={tick} class={index % 2 === 1 ? "tick-minor" : undefined}>
            {tickLabel(tick, spanMs)}
          </span>
        ))}
      </div>
      <p class="chart-axis-name" aria-hidden="true">
        Messages per {perStep} · time
      </p>
      <ul class="chart-legend" aria-hidden="true">
        {LINES.map((line) => (
          <li key={line.key}>
            <span class={`legend-swatch ${line.className}`} />
            {line.label}
          </li>
        ))}
      </ul>
      <figcaption id="chart-summary" class="chart-summary">
        Messages per {perStep} over the last {range.label}, from {formatDateTime(series.start)} ({formatCount(series.points)} points). {summaries.join(" ")}
      </figcaption>
      <details class="more" onToggle={(event) => setTableOpen((event.currentTarget as HTMLDetailsElement).open)}>
        <summary>The numbers as a table</summary>
        {tableOpen && <ChartTable series={series} columns={columns} />}
      </details>
    </figure>
  );
}

/** The chart with its range and connection choices; asks for its own series, again every range.refreshMs. */
export function ActivityChart({ connections }: { connections: ActivityReport["connections"] }) {
  const [range, setRange] = useState<ChartRange>(DEFAULT_CHART_RANGE);
  const [connection, setConnection] = useState(ALL);
  const polled = usePoll(() => fetchActivity(rangeQuery(range, Date.now())), range.refreshMs, range.id);
  const series = polled.value?.series ?? null;
  return (
    <section class="card activity-chart" aria-labelledby="chart-title" aria-busy={polled.loading}>
      <div class="card-header">
        <h2 id="chart-title">Messages over time</h2>
        <div class="chart-choices">
          <fieldset class="range-choice">
            <legend class="visually-hidden">Range</legend>
            {CHART_RANGES.map((choice) => (
              <label key={choice.id} class={choice.id === range.id ? "is-chosen" : undefined}>
                <input type="radio" name="activity-range" value={choice.id} checked={choice.id === range.id} onChange={() => setRange(choice)} />
                {choice.label}
              </label>
            ))}
          </fieldset>
          <label class="connection-choice">
            <span>Connection</span>
            <select value={connection} onChange={(event) => setConnection((event.currentTarget as HTMLSelectElement).value)}>
              <option value={ALL}>All chats</option>
              {connections.map((item) => (
                <option key={item.index} value={String(item.index)}>
                  {neutraliseText(connectionLabel(item.name, item.index))}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {polled.error && (
        <p class="notice error" role="alert">
          The chart could not be loaded: {polled.error}
        </p>
      )}
      {series ? <Plot series={series} columns={columnsOf(series, connection)} range={range} /> : !polled.error && <p class="loading">Loading…</p>}
    </section>
  );
}
