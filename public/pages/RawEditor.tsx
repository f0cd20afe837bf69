// The whole config as JSON or YAML text, saved with POST api/config; errors point at their path and line.
import { useEffect, useRef, useState } from "preact/hooks";
import type { FieldError } from "../api/http.ts";
import { RestartHint } from "../components/RestartHint.tsx";
import { jsonLineOf, yamlLineOf } from "../lib/pointer-lines.ts";
import { configState, loadConfig, reloadDiscarding, saveWholeConfig, type SaveOutcome } from "../state/config-store.ts";
import { addLeaveGuard } from "../state/router.ts";
import { useStore } from "../state/store.ts";
import { confirmDiscard } from "./use-part-editor.ts";
import { discardRawText, editRawText, isRawDirty, rawDraft, resetRawDraft, type RawFormat } from "../state/raw-draft.ts";
import { configText, CONTENT_TYPES, selectLine } from "./raw-text.ts";
import { RawErrors } from "./RawErrors.tsx";

export function RawEditor() {
  const state = useStore(configState);
  const draft = useStore(rawDraft);
  const { format, text } = draft;
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const dirty = isRawDirty(draft);

  useEffect(
    () =>
      addLeaveGuard({
        hasUnsavedWork: () => isRawDirty(),
        confirmLeaving: async () => {
          const leave = await confirmDiscard();
          if (leave) discardRawText();
          return leave;
        },
      }),
    [],
  );

  // Fill the editor with the saved config (or the broken file's text) whenever it changes and nothing is typed.
  useEffect(() => {
    if (isRawDirty()) return;
    const source = state.phase === "invalid-file" ? Promise.resolve(state.rawFile) : state.saved ? configText(format, state.saved) : null;
    source?.then(
      (fresh) => {
        if (!isRawDirty()) rawDraft.set({ format, loaded: fresh, text: fresh });
      },
      (error: Error) => setOutcome({ kind: "failed", message: error.message }),
    );
  }, [state.saved, state.phase, format]);

  const switchFormat = async (next: RawFormat) => {
    if (dirty && !(await confirmDiscard())) return;
    resetRawDraft(next);
  };
  const save = async () => {
    setBusy(true);
    const result = await saveWholeConfig(rawDraft.value.text, CONTENT_TYPES[format]);
    // The saved config comes back as new text; take it in place of what was typed.
    if (result.kind === "saved") discardRawText();
    setOutcome(result);
    setBusy(false);
  };
  const overwrite = async () => {
    await loadConfig();
    await save();
  };
  const loadNewer = async () => {
    discardRawText();
    setOutcome(null);
    await reloadDiscarding("all");
  };
  const lineOf = (error: FieldError) => (format === "json" ? jsonLineOf(text, error.path) : yamlLineOf(text, error.path));
  const goTo = (line: number) => area.current && selectLine(area.current, line);

  return (
    <section class="card" aria-labelledby="raw-title">
      <header class="card-header">
        <h2 id="raw-title">Raw configuration</h2>
        <label class="inline-select">
          Format{" "}
          <select value={format} onChange={(event) => void switchFormat(event.currentTarget.value as RawFormat)}>
            <option value="json">JSON</option>
            <option value="yaml">YAML</option>
          </select>
        </label>
      </header>
      <p class="card-help">The whole tgcf.config.json. Secrets show as ******** and are kept when left so.</p>
      <label for="raw-config" class="visually-hidden">
        Configuration as {format.toUpperCase()}
      </label>
      <textarea
        id="raw-config"
        ref={area}
        class="code raw-editor"
        rows={18}
        spellcheck={false}
        value={text}
        onInput={(event) => {
          editRawText(event.currentTarget.value);
          setOutcome(null);
        }}
      />
      {outcome?.kind === "invalid" && (
        <RawErrors message={outcome.message} errors={outcome.errors} location={outcome.location} lineOf={lineOf} goTo={goTo} />
      )}
      {!outcome && state.phase === "invalid-file" && !dirty && (
        <RawErrors message={state.message} errors={state.fileErrors} lineOf={lineOf} goTo={goTo} />
      )}
      {outcome?.kind === "failed" && (
        <div class="notice error" role="alert">
          {outcome.message}
        </div>
      )}
      {outcome?.kind === "conflict" && (
        <div class="notice warning" role="alert">
          <p>{outcome.message}</p>
          <div class="actions">
            <button type="button" class="button primary" onClick={() => void overwrite()} disabled={busy}>
              Save my text over it
            </button>
            <button type="button" class="button" onClick={() => void loadNewer()} disabled={busy}>
              Load the newer version (drop my text)
            </button>
          </div>
        </div>
      )}
      {outcome?.kind === "saved" && !dirty && (
        <>
          <p class="notice success" role="status">
            Saved.
          </p>
          <RestartHint />
        </>
      )}
      <div class="save-bar">
        <p class="save-state" role="status">
          {dirty ? "You have unsaved changes in the text." : "No unsaved changes."}
        </p>
        {dirty && (
          <button type="button" class="button" onClick={discardRawText} disabled={busy}>
            Discard changes
          </button>
        )}
        <button type="button" class="button primary" onClick={() => void save()} disabled={!dirty || busy}>
          Save
        </button>
      </div>
    </section>
  );
}
