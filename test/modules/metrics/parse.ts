// Reads /metrics output back with a real parser of the format (parse-prometheus-text-format, a port of the official
// Python client's parser), plus the checks that parser leaves out, so a malformed answer fails the test.
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Go's ParseFloat syntax as the format allows it, and its special values. */
const VALUE = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/;

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: string;
  samples: Sample[];
}

/**
 * The families of `text`; throws for anything the text format forbids: a line the parser refuses, a sample line
 * that is not complete (`name{labels} value`), a bad metric or label name, a bad value, a family without HELP and
 * TYPE before its samples, a family given twice, or two samples with the same labels (which the parser would merge).
 */
export function parseExposition(text: string): Map<string, Family> {
  if (text !== "" && !text.endsWith("\n")) throw new Error("the text must end with a line feed");
  const sampleLines = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  for (const line of sampleLines) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? \S+$/.test(line)) throw new Error(`malformed sample line: ${line}`);
  }
  checkMetadataOrder(text);
  const families = new Map<string, Family>();
  let parsedSamples = 0;
  for (const family of parsePrometheusTextFormat(text) as ParsedFamily[]) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`bad metric name ${family.name}`);
    if (families.has(family.name)) throw new Error(`family ${family.name} given twice`);
    const samples = family.metrics.map((sample) => {
      if (!VALUE.test(sample.value)) throw new Error(`bad value ${sample.value} in ${family.name}`);
      for (const name of Object.keys(sample.labels ?? {})) if (!LABEL_NAME.test(name)) throw new Error(`bad label name ${name} in ${family.name}`);
      return { labels: sample.labels ?? {}, value: Number(sample.value.replace("Inf", "Infinity")) };
    });
    parsedSamples += samples.length;
    families.set(family.name, { name: family.name, help: family.help, type: family.type.toLowerCase(), samples });
  }
  if (parsedSamples !== sampleLines.length) throw new Error(`${sampleLines.length} sample lines, ${parsedSamples} samples parsed: duplicate label sets?`);
  return families;
}

/** HELP then TYPE open each family, before its first sample; no family comes back later. */
function checkMetadataOrder(text: string): void {
  const seen = new Set<string>();
  let open: string | null = null;
  let typed = false;
  for (const line of text.split("\n")) {
    const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
    if (meta) {
      if (meta[1] === "HELP") {
        if (seen.has(meta[2]!)) throw new Error(`family ${meta[2]} opened twice`);
        seen.add(meta[2]!);
        open = meta[2]!;
        typed = false;
      } else {
        if (meta[2] !== open) throw new Error(`TYPE of ${meta[2]} without its HELP first`);
        typed = true;
      }
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const name = /^[^{ ]+/.exec(line)![0];
    if (name !== open || !typed) throw new Error(`sample of ${name} outside its family`);
  }
}

/** The value of the sample of `family` whose labels include `labels`; throws when there is not exactly one. */
export function valueOf(families: Map<string, Family>, family: string, labels: Record<string, string> = {}): number {
  const matching = (families.get(family)?.samples ?? []).filter((sample) => Object.entries(labels).every(([name, value]) => sample.labels[name] === value));
  if (matching.length !== 1) throw new Error(`${matching.length} samples of ${family} match ${JSON.stringify(labels)}`);
  return matching[0]!.value;
}
