// The first page after sign-in, until tgcf has run once: what is left to do, each step with a link to its page.
import { instanceStorageKey, pageHash } from "../state/instance.ts";
import { useEffect, useState } from "preact/hooks";
import { checklistSteps } from "../lib/first-run.ts";
import { configState } from "../state/config-store.ts";
import { PAGES } from "../state/router.ts";
import { statusState } from "../state/status-store.ts";
import { useStore } from "../state/store.ts";
import { installState, refreshTgcfStatus } from "../state/tgcf-install.ts";
import "./first-run.css";

/** Remembered in this browser once tgcf has been seen running here: the checklist is for the first minutes only. */
const HAS_RUN_KEY = instanceStorageKey("tgcf-server:tgcf-has-run");

export function FirstRunChecklist() {
  const { status } = useStore(statusState);
  const { saved } = useStore(configState);
  // The same look at tgcf as the install panel's, read again when an install finishes.
  const { status: tgcf } = useStore(installState);
  const tgcfVersion = tgcf === null ? undefined : tgcf.installed ? (tgcf.version ?? "installed") : null;
  const [hasRun, setHasRun] = useState(() => localStorage.getItem(HAS_RUN_KEY) === "1");
  useEffect(() => void refreshTgcfStatus(), []);
  useEffect(() => {
    if (status?.isRunning && !hasRun) {
      localStorage.setItem(HAS_RUN_KEY, "1");
      setHasRun(true);
    }
  }, [status?.isRunning, hasRun]);
  if (hasRun || status?.isRunning || status?.lastExit || tgcfVersion === undefined || !saved) return null;
  const steps = checklistSteps({ tgcfVersion, config: saved as never, hasRun });
  return (
    <section class="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Getting started</h2>
      <ol class="first-run-steps">
        {steps.map((step) => (
          <li key={step.id} class={step.done ? "is-done" : "is-todo"}>
            <span class="step-state">{step.done ? "Done" : "To do"}</span> <strong>{step.title}</strong>
            {!step.done && (
              <p>
                {step.todo}
                {step.page !== "run" && (
                  <>
                    {" "}
                    <a href={pageHash(step.page)}>Go to {PAGES.find((page) => page.id === step.page)?.title}</a>
                  </>
                )}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
