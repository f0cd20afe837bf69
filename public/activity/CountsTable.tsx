// A table of counters (rows) over the windows the server counts them in (columns).
import { counterText, COUNTER_LABELS, WINDOW_LABELS, WINDOWS, type CounterName, type WindowName } from "./activity-words.ts";

export function CountsTable<K extends CounterName>({
  caption,
  counters,
  names,
}: {
  caption: string;
  counters: Readonly<Record<WindowName, Readonly<Record<K, number>>>>;
  names: readonly K[];
}) {
  return (
    <div class="table-scroll">
      <table class="counts-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Counter</span>
            </th>
            {WINDOWS.map((window) => (
              <th key={window} scope="col">
                {WINDOW_LABELS[window]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => (
            <tr key={name} data-counter={name}>
              <th scope="row">{COUNTER_LABELS[name] ?? name}</th>
              {WINDOWS.map((window) => (
                <td key={window} data-window={window}>
                  {counterText(name, counters[window][name])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
