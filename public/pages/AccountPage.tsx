// The Telegram account tgcf logs in with; below the form, signing in a user account and checking the saved login.
import { ObjectFields } from "../fields/ObjectFields.tsx";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { isUserAccount } from "../lib/telegram-text.ts";
import { configState } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { LoginCheck } from "../telegram/LoginCheck.tsx";
import { SignInWizard } from "../telegram/SignInWizard.tsx";
import { ConfigForm, Page } from "./ConfigPage.tsx";

/** The fields a person needs first, in the order they fill them in; the rest follow under "More details". */
const MAIN_LOGIN_FIELDS = ["API_ID", "API_HASH", "user_type", "BOT_TOKEN", "SESSION_STRING"];
/**
 * Kept in the config but not shown: tgcf 1.1.8 itself never reads login.phone_no (only tgcf's own web interface did),
 * and a user account's phone number is asked for by the sign-in below, so a second "Phone number" would only mislead.
 */
const UNSHOWN_LOGIN_FIELDS = ["phone_no"];

/** Sign-in and check work on the saved config, so they sit after the form and its save bar. */
function TelegramTools() {
  const config = useStore(configState);
  if (config.phase !== "ready" || !config.draft) return null;
  return (
    <>
      {isUserAccount(config.draft) && <SignInWizard />}
      <LoginCheck />
    </>
  );
}

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
                <ObjectFields pointer="/login" schema={login} value={draft.login} exclude={[...MAIN_LOGIN_FIELDS, ...UNSHOWN_LOGIN_FIELDS]} />
              </details>
            </>
          );
        }}
      </ConfigForm>
      <TelegramTools />
    </Page>
  );
}
