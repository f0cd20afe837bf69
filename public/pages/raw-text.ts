// Loading the config as editable text, and selecting a line of it.
import { instanceApi } from "../state/instance.ts";
import { request } from "../api/http.ts";
import type { Config } from "../api/types.ts";

import type { RawFormat } from "../state/raw-draft.ts";

export const CONTENT_TYPES: Record<RawFormat, "application/json" | "application/yaml"> = {
  json: "application/json",
  yaml: "application/yaml",
};

/** The saved config as text: JSON from memory, YAML from the server (GET api/config?format=yaml). */
export async function configText(format: RawFormat, saved: Config): Promise<string> {
  if (format === "json") return JSON.stringify(saved, null, 2) + "\n";
  const { data } = await request<string>(instanceApi("config?format=yaml"), { accept: "application/yaml" });
  return data;
}

/** Selects line `line` (1-based) of the textarea and brings it into view. */
export function selectLine(textarea: HTMLTextAreaElement, line: number): void {
  const lines = textarea.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
