// The users allowed to command tgcf.
import { Field } from "../fields/Field.tsx";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { ConfigForm, Page } from "./ConfigPage.tsx";

export function AdminsPage() {
  return (
    <Page title="Admins" intro="Telegram users allowed to control tgcf by sending it commands. Use a numeric user id or an @username.">
      <ConfigForm keys={PAGE_PARTS.admins}>
        {(draft, schema) =>
          schema.properties?.admins && (
            <div class="card">
              <Field pointer="/admins" schema={schema.properties.admins} value={draft.admins} />
            </div>
          )
        }
      </ConfigForm>
    </Page>
  );
}
