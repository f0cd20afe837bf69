// tgcf's plugins, one card each, switched on and off by their `check` field.
import { Field } from "../fields/Field.tsx";
import { ObjectFields } from "../fields/ObjectFields.tsx";
import { childPointer } from "../lib/json-pointer.ts";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { ConfigForm, Page } from "./ConfigPage.tsx";

/** The field that turns a plugin on. */
const SWITCH_FIELD = "check";

function PluginCard({ name, schema, value }: { name: string; schema: SchemaNode; value: unknown }) {
  const pointer = childPointer("/plugins", name);
  const record = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const switchSchema = schema.properties?.[SWITCH_FIELD];
  const headingId = `plugin-${name}-title`;
  return (
    <section class={`card plugin${record[SWITCH_FIELD] === true ? " is-on" : ""}`} aria-labelledby={headingId}>
      <header class="card-header">
        <div>
          <h2 id={headingId}>{schema.title ?? name}</h2>
          {schema.description && <p class="card-help">{schema.description}</p>}
        </div>
        {switchSchema && <Field pointer={childPointer(pointer, SWITCH_FIELD)} schema={switchSchema} value={record[SWITCH_FIELD]} />}
      </header>
      <ObjectFields pointer={pointer} schema={schema} value={value} exclude={[SWITCH_FIELD]} />
    </section>
  );
}

export function PluginsPage() {
  return (
    <Page title="Plugins" intro="Optional processing applied to every forwarded message. Each plugin works only while it is switched on.">
      <ConfigForm keys={PAGE_PARTS.plugins}>
        {(draft, schema) => {
          const plugins = schema.properties?.plugins;
          const values = (draft.plugins ?? {}) as Record<string, unknown>;
          return Object.entries(plugins?.properties ?? {}).map(([name, pluginSchema]) => (
            <PluginCard key={name} name={name} schema={pluginSchema} value={values[name]} />
          ));
        }}
      </ConfigForm>
    </Page>
  );
}
