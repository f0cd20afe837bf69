// Run tgcf and watch it: the process, how it runs (mode and its settings), the live log.
import { pageHash } from "../state/instance.ts";
import { Field } from "../fields/Field.tsx";
import { childPointer } from "../lib/json-pointer.ts";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { LogView } from "../log/LogView.tsx";
import { ConfigForm, Page } from "./ConfigPage.tsx";
import { ProcessPanel } from "./ProcessPanel.tsx";
import { FirstRunChecklist } from "./FirstRunChecklist.tsx";
import { TgcfInstallPanel } from "./TgcfInstallPanel.tsx";
import { RunPastProgress } from "../activity/PastProgress.tsx";

/** tgcf's own page warns as soon as past mode is chosen with a bot account; so does this one, not only at Start. */
function PastModeNeedsUser({ draft }: { draft: Record<string, unknown> }) {
  const login = (draft.login ?? {}) as { user_type?: unknown };
  if (draft.mode !== 1 || (login.user_type ?? 0) !== 0) return null;
  return (
    <p class="notice error past-needs-user" role="alert">
      Past mode needs a user account: Telegram does not let bots read chat history. Sign in with your phone on the{" "}
      <a href={pageHash("account")}>Telegram account</a> page, or keep live mode.
    </p>
  );
}

export function RunPage() {
  return (
    <Page title="Run">
      <TgcfInstallPanel />
      <FirstRunChecklist />
      <div class="run-grid">
        <ProcessPanel />
        <RunPastProgress />
        <LogView />
        <section class="card run-settings" aria-labelledby="run-settings-title">
          <h2 id="run-settings-title">How tgcf runs</h2>
          <ConfigForm keys={PAGE_PARTS.run}>
            {(draft, schema) =>
              PAGE_PARTS.run.map((key) => {
                const node = schema.properties?.[key];
                return (
                  node && (
                    <>
                      <Field key={key} pointer={childPointer("", key)} schema={node} value={draft[key]} />
                      {key === "mode" && <PastModeNeedsUser draft={draft} />}
                    </>
                  )
                );
              })
            }
          </ConfigForm>
        </section>
      </div>
    </Page>
  );
}
