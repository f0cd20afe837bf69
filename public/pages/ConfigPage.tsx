// Frame of a page that edits part of the config: loading and broken-file states, the form context, the save bar.
import type { ComponentChildren } from "preact";
import type { Config } from "../api/types.ts";
import { SaveBar } from "../components/SaveBar.tsx";
import { FormContext } from "../fields/form-context.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { configState, loadConfig } from "../state/config-store.ts";
import { navigate } from "../state/router.ts";
import { useStore } from "../state/store.ts";
import { ErrorSummary } from "../components/ErrorSummary.tsx";
import { WarningList } from "../components/WarningList.tsx";
import { placeWarnings } from "../lib/warning-placement.ts";
import { usePartEditor } from "./use-part-editor.ts";

interface ConfigFormProps {
  keys: readonly string[];
  children: (draft: Config, schema: SchemaNode) => ComponentChildren;
}

/** The form for the top-level `keys` of the config, once it is loaded. */
export function ConfigForm({ keys, children }: ConfigFormProps) {
  const state = useStore(configState);
  const editor = usePartEditor(keys);
  if (state.phase === "invalid-file") return <InvalidFileNotice />;
  if (state.phase === "failed") {
    return (
      <div class="notice error" role="alert">
        <p>The configuration could not be loaded: {state.message}</p>
        <button type="button" class="button" onClick={() => void loadConfig()}>
          Try again
        </button>
      </div>
    );
  }
  if (!editor.form || !state.draft || !state.schema) return <p class="loading">Loading the configuration…</p>;
  return (
    <FormContext.Provider value={editor.form}>
      <form
        class="config-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void editor.save();
        }}
      >
        <PartWarnings keys={keys} root={state.schema} draft={state.draft} />
        {children(state.draft, state.schema)}
        <SaveBar editor={editor} root={state.schema} />
      </form>
    </FormContext.Provider>
  );
}

/** The warnings of this form's part: those without a field listed here, the others pointed to. */
function PartWarnings({ keys, root, draft }: { keys: readonly string[]; root: SchemaNode; draft: Config }) {
  const { warnings } = useStore(configState);
  const { listed, atFields } = placeWarnings(warnings, keys, root, draft);
  return <WarningList listed={listed} atFields={atFields} root={root} keys={keys} />;
}

async function openRawEditor(): Promise<void> {
  await navigate("advanced");
  requestAnimationFrame(() => document.getElementById("raw-config")?.focus());
}

function InvalidFileNotice() {
  const state = useStore(configState);
  return (
    <div class="notice error" role="alert">
      <p>The config file on disk is not valid, so the forms cannot show it. Fix it in the raw editor on the Advanced page.</p>
      <ErrorSummary message={state.message} errors={state.fileErrors} root={state.schema} />
      <button type="button" class="button" onClick={() => void openRawEditor()}>
        Open the raw editor
      </button>
    </div>
  );
}

/** A page: its heading (focused when the page opens, for screen readers) and an introduction. */
export function Page({ title, intro, children }: { title: string; intro?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {intro && <p class="intro">{intro}</p>}
      {children}
    </section>
  );
}
