// Run tgcf and watch it: the process, how it runs (mode and its settings), the live log.
import { Field } from "../fields/Field.tsx";
import { childPointer } from "../lib/json-pointer.ts";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { LogView } from "../log/LogView.tsx";
import { ConfigForm, Page } from "./ConfigPage.tsx";
import { ProcessPanel } from "./ProcessPanel.tsx";

export function RunPage() {
  return (
    <Page title="Run">
      <div class="run-grid">
        <ProcessPanel />
        <LogView />
        <section class="card run-settings" aria-labelledby="run-settings-title">
          <h2 id="run-settings-title">How tgcf runs</h2>
          <ConfigForm keys={PAGE_PARTS.run}>
            {(draft, schema) =>
              PAGE_PARTS.run.map((key) => {
                const node = schema.properties?.[key];
                return node && <Field key={key} pointer={childPointer("", key)} schema={node} value={draft[key]} />;
              })
            }
          </ConfigForm>
        </section>
      </div>
    </Page>
  );
}
