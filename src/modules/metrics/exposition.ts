// Prometheus's text exposition format, version 0.0.4: `# HELP`, `# TYPE`, then one sample per line.
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge";
export type Labels = Readonly<Record<string, string>>;

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: ReadonlyArray<{ labels: Labels; value: number }>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value as the format wants it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: backslash and line feed escaped (a double quote is left as it is). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** A sample value: Go's ParseFloat syntax, with NaN, +Inf and -Inf spelled as the format spells them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** The families as exposition text. Throws for an invalid metric or label name (a programming error). */
export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const { labels, value } of family.samples) {
      const pairs = Object.entries(labels).map(([name, labelValue]) => {
        if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new Error(`invalid label name ${name}`);
        return `${name}="${escapeLabelValue(labelValue)}"`;
      });
      lines.push(`${family.name}${pairs.length === 0 ? "" : `{${pairs.join(",")}}`} ${formatValue(value)}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
