// When tgcf is missing: say so, and offer to install it (into a private environment in the data dir) with a progress
// view a person can follow, instead of a Start button that can only fail.
import { useEffect, useState } from "preact/hooks";
import { useStore } from "../state/store.ts";
import { cancelInstall, installState, installTgcf, refreshTgcfStatus } from "../state/tgcf-install.ts";
import { TGCF_MODEL_VERSION } from "../../src/modules/tgcf-install/release";
import "./tgcf-install.css";

const STEP_WORDS: Record<string, string> = {
  "find-python": "Finding Python",
  "create-environment": "Creating the environment",
  resolve: "Resolving tgcf and its requirements",
  download: "Downloading",
  install: "Installing",
  check: "Checking that tgcf answers",
  switch: "Switching to the new environment",
};

export function TgcfInstallPanel({ onInstalled }: { onInstalled?: () => void }) {
  const { status, report, events, problem } = useStore(installState);
  const [showOutput, setShowOutput] = useState(false);
  useEffect(() => void refreshTgcfStatus(), []);
  useEffect(() => {
    if (report?.state === "succeeded") onInstalled?.();
  }, [report?.state]);
  if (!status || (status.installed && report?.state !== "succeeded")) return null;
  const running = report?.state === "running";
  const currentStep = [...(report?.steps ?? [])].reverse().find((step) => step.state === "running") ?? report?.steps.at(-1);
  const steps = report?.steps ?? [];
  const doneSteps = steps.filter((step) => step.state === "done").length;
  const output = events.filter((event) => event.type === "output" || event.type === "package").map((event) => event.message);
  return (
    <section class="card tgcf-install" aria-labelledby="tgcf-install-title">
      <h2 id="tgcf-install-title">{report?.state === "succeeded" ? "tgcf is installed" : "tgcf is not installed"}</h2>
      {report === null && (
        <>
          <ul class="install-problems">
            {status.problems.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
          <p>
            tgcf-server can install tgcf {TGCF_MODEL_VERSION} for you, into a private environment in its data dir (it uses
            Python 3.11 or 3.10 when this machine has one; the system's Python packages are not touched).
          </p>
          <button type="button" class="button primary" onClick={() => void installTgcf()}>
            Install tgcf {TGCF_MODEL_VERSION}
          </button>
        </>
      )}
      {report !== null && (
        <div class="install-progress" role="status" aria-live="polite">
          <p>
            {report.state === "running" && currentStep ? `${STEP_WORDS[currentStep.step] ?? currentStep.step}: ${currentStep.message}` : null}
            {report.state === "succeeded" && `tgcf ${report.version} is installed${report.python ? ` (Python ${report.python.version})` : ""}. Start it below.`}
            {report.state === "cancelled" && "The install was cancelled; nothing changed."}
          </p>
          <progress max={Object.keys(STEP_WORDS).length} value={doneSteps} aria-label="Install steps done" />
          {report.packages.length > 0 && <p class="muted">{report.packages.length} packages fetched</p>}
          {running && (
            <button type="button" class="button" onClick={() => void cancelInstall()}>
              Cancel
            </button>
          )}
        </div>
      )}
      {(problem || report?.error) && (
        <p class="notice error" role="alert">
          {report?.error?.message ?? problem}
        </p>
      )}
      {output.length > 0 && (
        <details open={showOutput} onToggle={(event) => setShowOutput((event.currentTarget as HTMLDetailsElement).open)}>
          <summary>Full output ({output.length} lines)</summary>
          <pre class="install-output">{output.join("\n")}</pre>
        </details>
      )}
    </section>
  );
}
