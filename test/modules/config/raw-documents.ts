// Damaged config texts in many syntaxes (JSON, Python dicts, YAML, unquoted keys) around known random secrets,
// for the redaction fuzz test. Reproducible from a seed.
import { SECRET_PATHS } from "../../../src/modules/config/secrets";
import { BraceWriter, YamlWriter } from "./raw-document-writers";

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type SegmentKind = "syntax" | "space" | "key" | "secret" | "text";
export interface Segment {
  text: string;
  kind: SegmentKind;
}

export interface DamagedDocument {
  text: string;
  /** Every secret written in the text; no 8 characters in a row of any may survive redaction. */
  secrets: string[];
  /** Written plainly (no damage, cut, escaped or split key): redaction must keep the text. */
  pristine: boolean;
  description: string;
}

const SECRET_KEY_NAMES = new Set(SECRET_PATHS.map((path) => path.at(-1)!));
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_ALPHABET = `${LETTERS}0123456789-_+/=:`;
/** Stray characters a hand edit leaves behind, inserted after punctuation. */
const STRAYS = [",", "}", "]", "{", "[", '"', "'", " ", "\t", "#", ":"];
const SPELLINGS = ["plain", "plain", "plain", "lower", "mixed", "escaped"] as const;
const DAMAGE_CHANCE = 0.6;
const CRLF_CHANCE = 0.3;
const CUT_CHANCE = 0.5;
type Spelling = (typeof SPELLINGS)[number];

/** mulberry32: small, fast and good enough to pick test cases. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export class DocumentFuzzer {
  private readonly secrets: string[] = [];
  private spelling: Spelling = "plain";

  constructor(private readonly random: () => number) {}

  int(below: number): number {
    return Math.floor(this.random() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }

  /** One damaged document in a random syntax. */
  document(): DamagedDocument {
    this.secrets.length = 0;
    this.spelling = this.pick(SPELLINGS);
    const config = this.config();
    const syntax = this.pick(["json", "json", "loose", "python", "yaml", "yaml"] as const);
    const segments = syntax === "yaml" ? new YamlWriter(this).write(config) : new BraceWriter(this, syntax).write(config);
    const damage = this.chance(DAMAGE_CHANCE) ? this.damage(segments) : [];
    const crlf = this.chance(CRLF_CHANCE);
    const whole = segments.map((segment) => segment.text).join("").replaceAll("\n", crlf ? "\r\n" : "\n");
    const cutAt = this.chance(CUT_CHANCE) ? this.int(whole.length) : whole.length;
    return {
      text: whole.slice(0, cutAt),
      secrets: [...this.secrets],
      pristine: damage.length === 0 && cutAt === whole.length && this.spelling !== "escaped",
      description: `${syntax}; keys ${this.spelling}; damage [${damage.join(", ")}]${crlf ? "; CRLF" : ""}${cutAt < whole.length ? `; cut at ${cutAt}` : ""}`,
    };
  }

  /** A key as written: secrets' names in various spellings; `escapes` are ways the syntax can write "_". */
  keyName(key: string, escapes: readonly string[]): string {
    if (!SECRET_KEY_NAMES.has(key) || this.spelling === "plain") return key;
    if (this.spelling === "lower") return key.toLowerCase();
    if (this.spelling === "mixed") return [...key].map((char) => (this.chance(0.5) ? char.toLowerCase() : char)).join("");
    return key.replace("_", this.pick(escapes));
  }

  /** Whether this document spells secrets' keys with escapes (they then need quotes). */
  get escapesKeys(): boolean {
    return this.spelling === "escaped";
  }

  private fragment(): string {
    const length = 12 + this.int(20);
    let text = this.pick([...LETTERS]);
    while (text.length < length) text += this.pick([...SECRET_ALPHABET]);
    this.secrets.push(text);
    return text;
  }

  private secretValue(): Value {
    switch (this.int(7)) {
      case 0:
        return "";
      case 1:
        return `${100000 + this.int(900000)}:${this.fragment()}`;
      case 2:
        return [this.fragment(), this.fragment(), this.fragment()].slice(0, 2 + this.int(2)).join("\n");
      case 3:
        return [this.fragment(), this.fragment()];
      case 4:
        return { part: this.fragment(), more: [this.fragment()], nested: { deep: this.fragment() } };
      default:
        return this.fragment();
    }
  }

  private config(): { [key: string]: Value } {
    const config: { [key: string]: Value } = {
      login: { API_ID: 1000 + this.int(99999), user_type: this.int(2), phone_no: 919800000000 + this.int(1000000), USERNAME: "someone" },
      admins: [12345, "@admin"],
      forwards: [{ con_name: "news", use_this: true, source: -1001234567890, dest: [-1009876543210, "@mirror"] }],
      plugins: { filter: { check: false, text: { blacklist: ["spam", "ads"] } }, sender: { check: true, user_type: 0 } },
      theme: "dark",
      mode: null,
    };
    for (const path of SECRET_PATHS) {
      let parent = config;
      for (const key of path.slice(0, -1)) parent = (parent[key] ??= {}) as { [key: string]: Value };
      parent[path.at(-1)!] = this.secretValue();
    }
    return this.shuffleKeys(config) as { [key: string]: Value };
  }

  private shuffleKeys(value: Value): Value {
    if (Array.isArray(value)) return value.map((item) => this.shuffleKeys(item));
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value).map(([key, item]): [string, Value] => [key, this.shuffleKeys(item)]);
    for (let index = entries.length - 1; index > 0; index--) {
      const other = this.int(index + 1);
      [entries[index], entries[other]] = [entries[other]!, entries[index]!];
    }
    return Object.fromEntries(entries);
  }

  /** Hand-edit damage to punctuation only: keys and secret values stay whole, so the secrets stay under their keys. */
  private damage(segments: Segment[]): string[] {
    const punctuation = segments.filter((segment) => segment.kind === "syntax");
    const done: string[] = [];
    for (let count = 1 + this.int(3); count > 0 && punctuation.length > 0; count--) {
      const segment = this.pick(punctuation);
      const operation = this.pick(["delete", "double", "stray"] as const);
      if (operation === "delete") segment.text = "";
      else if (operation === "double") segment.text += segment.text;
      else segment.text += this.pick(STRAYS);
      done.push(operation);
    }
    return done;
  }
}
