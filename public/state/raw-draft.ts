// The raw editor's text lives here, not in the component, so it survives a sign-in after the session ended.
import { Store } from "./store.ts";

export type RawFormat = "json" | "yaml";

export interface RawDraft {
  format: RawFormat;
  /** The text as loaded from the server; the draft is unsaved while `text` differs. */
  loaded: string;
  text: string;
}

export const rawDraft = new Store<RawDraft>({ format: "json", loaded: "", text: "" });

export function isRawDirty(draft: RawDraft = rawDraft.value): boolean {
  return draft.text !== draft.loaded;
}

export function editRawText(text: string): void {
  rawDraft.update((draft) => ({ ...draft, text }));
}

/** Drops the typed text (the saved config is loaded again). */
export function discardRawText(): void {
  rawDraft.update((draft) => ({ ...draft, text: draft.loaded }));
}

/** Starts over in `format` with nothing loaded. */
export function resetRawDraft(format: RawFormat = "json"): void {
  rawDraft.set({ format, loaded: "", text: "" });
}
