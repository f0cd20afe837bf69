// Types of the devDependency parse-prometheus-text-format 1.1.1 (it ships none), as far as the tests use it.
declare module "parse-prometheus-text-format" {
  export interface ParsedSample {
    value: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
  }
  export interface ParsedFamily {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "SUMMARY" | "HISTOGRAM" | "UNTYPED";
    metrics: ParsedSample[];
  }
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
