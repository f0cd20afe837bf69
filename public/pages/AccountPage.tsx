// The Telegram account tgcf logs in with.
import { ObjectFields } from "../fields/ObjectFields.tsx";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { ConfigForm, Page } from "./ConfigPage.tsx";

/** The fields a person needs first, in the order they fill them in; the rest follow under "More details". */
const MAIN_LOGIN_FIELDS = ["API_ID", "API_HASH", "user_type", "BOT_TOKEN", "SESSION_STRING"];

export function AccountPage() {
  return (
    <Page title="Telegram account" intro="The account tgcf uses to read the source chats and send to the destinations.">
      <ConfigForm keys={PAGE_PARTS.account}>
        {(draft, schema) => {
          const login = schema.properties?.login;
          if (!login) return <p>The schema has no login section.</p>;
          return (
            <>
              <div class="card">
                <ObjectFields pointer="/login" schema={login} value={draft.login} only={MAIN_LOGIN_FIELDS} />
              </div>
              <details class="card more">
                <summary>More details</summary>
                <ObjectFields pointer="/login" schema={login} value={draft.login} exclude={MAIN_LOGIN_FIELDS} />
              </details>
            </>
          );
        }}
      </ConfigForm>
    </Page>
  );
}
