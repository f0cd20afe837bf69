// Writers of a config as JSON, loose JSON, a Python dict or YAML, as segments the fuzzer can damage.
import { SECRET_PATHS } from "../../../src/modules/config/secrets";
import type { DocumentFuzzer, Segment, SegmentKind, Value } from "./raw-documents";

const SECRET_KEY_NAMES = new Set(SECRET_PATHS.map((path) => path.at(-1)!));
const PLAIN_SCALAR = /^\w[\w:+/=.-]*$/;
const BARE_WORD = /^[A-Za-z][\w@:+/=.-]*$/;

/** Collects segments; everything inside a secret's value is marked secret, so damage never splits it. */
class Segments {
  readonly list: Segment[] = [];
  push(text: string, kind: SegmentKind, secret: boolean): void {
    this.list.push({ text, kind: secret ? "secret" : kind });
  }
}

/** JSON, loose JSON (unquoted or single-quoted keys and words) and Python dicts (repr style, split strings). */
export class BraceWriter {
  private readonly out = new Segments();
  private readonly indentUnit: string;
  private readonly beforeColon: string;
  private readonly afterColon: string;

  constructor(
    private readonly fuzzer: DocumentFuzzer,
    private readonly syntax: "json" | "loose" | "python",
  ) {
    this.indentUnit = fuzzer.pick(["", "  ", "    ", "\t", " "]);
    this.beforeColon = fuzzer.pick(["", "", " ", "\t"]);
    this.afterColon = fuzzer.pick([" ", " ", "", "  ", "\t"]);
  }

  write(value: Value): Segment[] {
    this.value(value, 0, false);
    return this.out.list;
  }

  private newline(depth: number, secret: boolean): void {
    if (this.indentUnit === "") return this.out.push(this.fuzzer.chance(0.5) ? " " : "", "space", secret);
    const comment = this.syntax === "python" && this.fuzzer.chance(0.1) ? "  # a note: kept" : "";
    this.out.push(`${this.fuzzer.chance(0.1) ? " \t" : ""}${comment}\n${this.indentUnit.repeat(depth)}`, "space", secret);
  }

  private value(value: Value, depth: number, secret: boolean): void {
    if (Array.isArray(value)) return this.collection("[", "]", value.map((item) => [null, item]), depth, secret);
    if (value !== null && typeof value === "object") return this.collection("{", "}", Object.entries(value), depth, secret);
    if (typeof value === "string") return this.string(value, secret);
    const python = this.syntax === "python";
    const text = value === null ? (python ? "None" : "null") : typeof value === "boolean" && python ? (value ? "True" : "False") : String(value);
    this.out.push(text, "text", secret);
  }

  private collection(open: string, close: string, entries: Array<[string | null, Value]>, depth: number, secret: boolean): void {
    this.out.push(open, "syntax", secret);
    entries.forEach(([key, item], index) => {
      this.newline(depth + 1, secret);
      const secretValue = secret || (key !== null && SECRET_KEY_NAMES.has(key));
      if (key !== null) {
        this.key(key, secret);
        this.out.push(this.beforeColon, "space", secret);
        this.out.push(":", "syntax", secret);
        this.out.push(this.afterColon, "space", secret);
      }
      this.value(item, depth + 1, secretValue);
      const trailing = this.syntax !== "json" && this.fuzzer.chance(0.3);
      if (index < entries.length - 1 || trailing) this.out.push(",", "syntax", secret);
    });
    this.newline(depth, secret);
    this.out.push(close, "syntax", secret);
  }

  private key(key: string, secret: boolean): void {
    const quotes = { json: ['"'], loose: ['"', "'", "", ""], python: ["'", '"'] }[this.syntax];
    let quote = this.fuzzer.pick(quotes);
    if (this.fuzzer.escapesKeys && quote === "") quote = '"';
    const escapes = this.syntax === "python" ? ["\\x5f", "\\137", "\\u005f", "\\N{LOW LINE}", `${quote} ${quote}_`, `${quote}\n ${quote}_`] : ["\\u005f", "\\u005F"];
    this.out.push(`${quote}${this.fuzzer.keyName(key, escapes)}${quote}`, "key", secret);
  }

  private string(text: string, secret: boolean): void {
    if (this.syntax === "loose" && BARE_WORD.test(text) && this.fuzzer.chance(0.4)) return this.out.push(text, "text", secret);
    const quote = this.syntax === "json" ? '"' : this.fuzzer.pick(['"', "'"]);
    if (this.syntax === "python" && text.includes("\n") && this.fuzzer.chance(0.5)) {
      return this.out.push(`${quote.repeat(3)}${text}${quote.repeat(3)}`, "text", secret);
    }
    const escape = (part: string) => JSON.stringify(part).slice(1, -1).replaceAll(quote === "'" ? "'" : "\u0000", "\\'");
    if (this.syntax === "python" && secret && text.length > 2 && this.fuzzer.chance(0.3)) {
      // Python joins strings written side by side: 'abc' 'def' is 'abcdef'.
      const at = 1 + this.fuzzer.int(text.length - 1);
      return this.out.push(`${quote}${escape(text.slice(0, at))}${quote} ${quote}${escape(text.slice(at))}${quote}`, "text", secret);
    }
    this.out.push(quote, "syntax", secret);
    this.out.push(escape(text), "text", secret);
    this.out.push(quote, "syntax", secret);
  }
}

/** YAML: block mappings and sequences, flow collections, plain, quoted and block scalars. */
export class YamlWriter {
  private readonly out = new Segments();
  private readonly indentUnit: string;

  constructor(private readonly fuzzer: DocumentFuzzer) {
    this.indentUnit = fuzzer.pick(["  ", "    ", " ", "\t"]);
  }

  write(config: { [key: string]: Value }): Segment[] {
    this.mapping(config, 0, false);
    return this.out.list;
  }

  private indent(depth: number, secret: boolean): void {
    this.out.push(this.indentUnit.repeat(depth), "space", secret);
  }

  private endLine(secret: boolean): void {
    const comment = this.fuzzer.chance(0.1) ? " # a note: kept" : "";
    this.out.push(`${this.fuzzer.chance(0.1) ? " \t" : ""}${comment}\n`, "space", secret);
  }

  private mapping(value: { [key: string]: Value }, depth: number, secret: boolean): void {
    for (const [key, item] of Object.entries(value)) {
      this.indent(depth, secret);
      this.key(key, secret);
      this.out.push(":", "syntax", secret);
      this.afterKey(item, depth, secret || SECRET_KEY_NAMES.has(key));
    }
  }

  private key(key: string, secret: boolean): void {
    const quote = this.fuzzer.escapesKeys ? '"' : this.fuzzer.pick(["", "", "'", '"']);
    this.out.push(`${quote}${this.fuzzer.keyName(key, ["\\x5f", "\\u005f", "\\U0000005f"])}${quote}`, "key", secret);
  }

  private afterKey(value: Value, depth: number, secret: boolean): void {
    const isCollection = value !== null && typeof value === "object";
    const empty = isCollection && Object.keys(value).length === 0;
    if (isCollection && !empty && this.fuzzer.chance(0.7)) {
      this.endLine(secret);
      if (Array.isArray(value)) this.sequence(value, depth + (this.fuzzer.chance(0.5) ? 1 : 0), secret);
      else this.mapping(value, depth + 1, secret);
      return;
    }
    this.out.push(" ", "space", secret);
    // Node properties: an anchor no alias uses, or a tag.
    if (this.fuzzer.chance(0.1)) this.out.push(this.fuzzer.pick(["&anchor ", "!!str ", "&a !!str "]), "text", secret);
    if (typeof value === "string" && value.includes("\n") && this.fuzzer.chance(0.7)) return this.multiline(value, depth, secret);
    this.flow(value, secret);
    this.endLine(secret);
  }

  private multiline(text: string, depth: number, secret: boolean): void {
    const lines = text.split("\n");
    const style = this.fuzzer.pick(["|", "|-", ">", "plain"]);
    if (style === "plain") this.out.push(lines[0]!, "text", secret);
    else this.out.push(style, "syntax", secret);
    for (const line of style === "plain" ? lines.slice(1) : lines) {
      this.endLine(secret);
      this.indent(depth + 1, secret);
      this.out.push(line, "text", secret);
    }
    this.endLine(secret);
  }

  private sequence(items: Value[], depth: number, secret: boolean): void {
    for (const item of items) {
      this.indent(depth, secret);
      this.out.push("-", "syntax", secret);
      if (item !== null && typeof item === "object" && !Array.isArray(item) && Object.keys(item).length > 0 && this.fuzzer.chance(0.5)) {
        // A block mapping as the item, its keys one level deeper than the dash.
        this.endLine(secret);
        this.mapping(item, depth + 1, secret);
        continue;
      }
      this.out.push(" ", "space", secret);
      this.flow(item, secret);
      this.endLine(secret);
    }
  }

  private flow(value: Value, secret: boolean): void {
    if (Array.isArray(value) || (value !== null && typeof value === "object")) {
      const entries: Array<[string | null, Value]> = Array.isArray(value) ? value.map((item) => [null, item]) : Object.entries(value);
      this.out.push(Array.isArray(value) ? "[" : "{", "syntax", secret);
      entries.forEach(([key, item], index) => {
        if (index > 0) this.out.push(",", "syntax", secret);
        this.out.push(" ", "space", secret);
        if (key !== null) {
          this.key(key, secret);
          this.out.push(":", "syntax", secret);
          this.out.push(" ", "space", secret);
        }
        this.flow(item, secret || (key !== null && SECRET_KEY_NAMES.has(key)));
      });
      this.out.push(Array.isArray(value) ? "]" : "}", "syntax", secret);
      return;
    }
    if (typeof value !== "string") return this.out.push(value === null ? this.fuzzer.pick(["null", "~"]) : String(value), "text", secret);
    const style = value === "" ? this.fuzzer.pick(["'", '"']) : PLAIN_SCALAR.test(value) ? this.fuzzer.pick(["", "'", '"']) : '"';
    const text = style === '"' ? JSON.stringify(value).slice(1, -1) : value;
    this.out.push(style, "syntax", secret);
    this.out.push(text, "text", secret);
    this.out.push(style, "syntax", secret);
  }
}
