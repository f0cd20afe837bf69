// tgcf's plugins, one card each, switched on and off by their `check` field. A plugin that is off is one line, its
// name and its switch; switched on, its settings open below.
import type { ComponentType } from "preact";
import { Field } from "../fields/Field.tsx";
import { useForm, type FormContextValue } from "../fields/form-context.ts";
import { ObjectFields } from "../fields/ObjectFields.tsx";
import { childPointer } from "../lib/json-pointer.ts";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { ConfigForm, Page } from "./ConfigPage.tsx";
import { withChoiceWords } from "./plugin-words.ts";
import { WatermarkImageField } from "./WatermarkImageField.tsx";

/** The field that turns a plugin on. */
const SWITCH_FIELD = "check";

/** Fields with an input of their own on this page, by plugin and field name. */
const OWN_INPUTS: Record<string, Record<string, ComponentType<{ pointer: string; label: string; value: unknown }>>> = {
  mark: { image: WatermarkImageField },
};

/** True when the server reported an error at `pointer` or anywhere inside it (so a closed plugin opens to show it). */
function hasErrorWithin(form: FormContextValue, pointer: string, schema: SchemaNode, value: unknown): boolean {
  if (form.errorsAt(pointer).length > 0) return true;
  if (Array.isArray(value) && schema.items) return value.some((item, index) => hasErrorWithin(form, childPointer(pointer, index), schema.items!, item));
  const record = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  return Object.entries(schema.properties ?? {}).some(([name, child]) => hasErrorWithin(form, childPointer(pointer, name), child, record[name]));
}

function PluginCard({ name, schema, value }: { name: string; schema: SchemaNode; value: unknown }) {
  const form = useForm();
  const pointer = childPointer("/plugins", name);
  const record = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const switchSchema = schema.properties?.[SWITCH_FIELD];
  const isOn = record[SWITCH_FIELD] === true || !switchSchema;
  const open = isOn || hasErrorWithin(form, pointer, schema, value);
  const headingId = `plugin-${name}-title`;
  const ownInputs = OWN_INPUTS[name] ?? {};
  return (
    <section class={`card plugin ${isOn ? "is-on" : "is-off"}`} aria-labelledby={headingId}>
      <header class="card-header">
        <div>
          <h2 id={headingId}>{schema.title ?? name}</h2>
          {open && schema.description && <p class="card-help">{schema.description}</p>}
        </div>
        {switchSchema && (
          <Field pointer={childPointer(pointer, SWITCH_FIELD)} schema={open ? switchSchema : { ...switchSchema, description: undefined }} value={record[SWITCH_FIELD]} />
        )}
      </header>
      {open && (
        <div class="plugin-settings">
          {Object.entries(ownInputs).map(([field, Input]) => {
            const fieldSchema = schema.properties?.[field];
            return fieldSchema && <Input key={field} pointer={childPointer(pointer, field)} label={fieldSchema.title ?? field} value={record[field]} />;
          })}
          <ObjectFields pointer={pointer} schema={withChoiceWords(schema)} value={value} exclude={[SWITCH_FIELD, ...Object.keys(ownInputs)]} />
        </div>
      )}
    </section>
  );
}

export function PluginsPage() {
  return (
    <Page title="Plugins" intro="Optional processing applied to every forwarded message. Switch a plugin on to see and change its settings.">
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
