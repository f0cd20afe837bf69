// The raw config, its backups, the bot's replies, any field no other page shows, and what server this is.
import { Field } from "../fields/Field.tsx";
import { childPointer } from "../lib/json-pointer.ts";
import { PAGE_PARTS, unclaimedParts } from "../lib/page-parts.ts";
import { InstancesPanel } from "../instances/InstancesPanel.tsx";
import { RunSettingsPanel } from "../instances/RunSettingsPanel.tsx";
import { configState } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { AboutPanel } from "./AboutPanel.tsx";
import { BackupsPanel } from "./BackupsPanel.tsx";
import { ConfigForm, Page } from "./ConfigPage.tsx";
import { RawEditor } from "./RawEditor.tsx";

export function AdvancedPage() {
  const { schema } = useStore(configState);
  const keys = [...PAGE_PARTS.advanced, ...(schema ? unclaimedParts(schema) : [])];
  return (
    <Page title="Advanced">
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Bot messages and other settings</h2>
        <ConfigForm keys={keys}>
          {(draft, root) =>
            keys.map((key) => {
              const node = root.properties?.[key];
              return node && <Field key={key} pointer={childPointer("", key)} schema={node} value={draft[key]} />;
            })
          }
        </ConfigForm>
      </section>
      <RawEditor />
      <BackupsPanel />
      <RunSettingsPanel />
      <InstancesPanel />
      <AboutPanel />
    </Page>
  );
}
