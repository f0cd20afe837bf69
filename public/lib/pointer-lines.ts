// Finds the line of the raw config editor that a validation error's JSON pointer names.
import { parsePointer } from "./json-pointer.ts";

/** 1-based line of the value at `pointer` in JSON `text`, or null when the text does not get there. */
export function jsonLineOf(text: string, pointer: string): number | null {
  const offset = new JsonLocator(text).find(parsePointer(pointer));
  return offset === null ? null : lineAt(text, offset);
}

/** 1-based line of the value at `pointer` in block-style YAML `text` (best effort), or null. */
export function yamlLineOf(text: string, pointer: string): number | null {
  const lines = text.split("\n");
  let row = 0;
  let parentIndent = -1;
  for (const segment of parsePointer(pointer)) {
    const found = /^\d+$/.test(segment) ? findYamlItem(lines, row, parentIndent, Number(segment)) : findYamlKey(lines, row, parentIndent, segment);
    if (found === null) return null;
    [row, parentIndent] = found;
  }
  return row + 1;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isContent = (line: string) => line.trim() !== "" && !line.trimStart().startsWith("#");

function findYamlKey(lines: string[], from: number, parentIndent: number, key: string): [number, number] | null {
  const keyPattern = new RegExp(`^(?:- )?["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*:`);
  for (let row = from; row < lines.length; row++) {
    const line = lines[row]!;
    if (!isContent(line)) continue;
    if (row > from && indentOf(line) <= parentIndent) return null;
    if (keyPattern.test(line.trimStart())) return [row, indentOf(line) + (line.trimStart().startsWith("- ") ? 2 : 0)];
  }
  return null;
}

function findYamlItem(lines: string[], from: number, parentIndent: number, index: number): [number, number] | null {
  let seen = -1;
  let itemIndent = -1;
  for (let row = from + 1; row < lines.length; row++) {
    const line = lines[row]!;
    if (!isContent(line)) continue;
    const indent = indentOf(line);
    if (indent < parentIndent || (indent === parentIndent && !line.trimStart().startsWith("-"))) return null;
    if (!line.trimStart().startsWith("-") || (itemIndent !== -1 && indent !== itemIndent)) continue;
    itemIndent = indent;
    if (++seen === index) return [row, indent];
  }
  return null;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Walks JSON text just far enough to find where a value starts. */
class JsonLocator {
  private position = 0;
  constructor(private readonly text: string) {}

  find(segments: string[]): number | null {
    try {
      this.skipSpace();
      for (const segment of segments) if (!this.enter(segment)) return null;
      return this.position;
    } catch {
      return null;
    }
  }

  /** Moves to the start of the child `segment` of the value here. */
  private enter(segment: string): boolean {
    const open = this.text[this.position];
    if (open !== "{" && open !== "[") return false;
    this.position++;
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text[this.position] === "}" || this.text[this.position] === "]") return false;
      let key = String(index);
      if (open === "{") {
        key = JSON.parse(this.readString()) as string;
        this.skipSpace();
        this.position++; // the colon
        this.skipSpace();
      }
      if (key === segment) return true;
      this.skipValue();
      this.skipSpace();
      if (this.text[this.position] === ",") this.position++;
    }
  }

  private skipValue(): void {
    const char = this.text[this.position];
    if (char === '"') return void this.readString();
    if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      this.position++;
      for (;;) {
        this.skipSpace();
        if (this.text[this.position] === close) return void this.position++;
        if (char === "{") {
          this.readString();
          this.skipSpace();
          this.position++;
          this.skipSpace();
        }
        this.skipValue();
        this.skipSpace();
        if (this.text[this.position] === ",") this.position++;
        else if (this.text[this.position] !== close) throw new Error("unexpected character");
      }
    }
    const literal = /^[^,\]}\s]+/.exec(this.text.slice(this.position, this.position + 64));
    if (!literal) throw new Error("unexpected character");
    this.position += literal[0].length;
  }

  private readString(): string {
    const match = /^"(?:[^"\\]|\\.)*"/.exec(this.text.slice(this.position));
    if (!match) throw new Error("expected a string");
    this.position += match[0].length;
    return match[0];
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? "")) this.position++;
  }
}
