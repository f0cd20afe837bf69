// One install's progress: the events a person follows as they happen (replayed to late listeners), and the report
// they add up to.
import { randomUUID } from "node:crypto";
import { OUTPUT_TAIL_LINES } from "./child";
import type { InstallEvent, InstallReport, PackageProgress, StepName } from "./model";

/** Events kept for listeners that join late; beyond this the oldest output lines are dropped (steps never are). */
export const MAX_EVENTS_KEPT = 5_000;

export type InstallListener = (event: InstallEvent) => void;

export class InstallProgress {
  readonly report: InstallReport;
  private readonly events: InstallEvent[] = [];
  private readonly listeners = new Set<InstallListener>();
  private seq = 0;

  constructor(version: string, indexUrl: string | null) {
    this.report = {
      id: randomUUID(),
      state: "running",
      version,
      indexUrl,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      python: null,
      steps: [],
      packages: [],
      downloadedBytes: 0,
      skippedRequirements: [],
      warnings: [],
      error: null,
      command: null,
      rollbackVersion: null,
      output: [],
    };
  }

  get id(): string {
    return this.report.id;
  }

  get finished(): boolean {
    return this.report.state !== "running";
  }

  /** The `finished` event has been sent: nothing follows. */
  get announced(): boolean {
    return this.events.at(-1)?.type === "finished";
  }

  /** The step now running (the last one started), or the first step before any. */
  get currentStep(): StepName {
    return this.report.steps.at(-1)?.step ?? "find-python";
  }

  /** Starts `step` (the one before it is done). */
  step(step: StepName, message: string): void {
    this.closeStep("done");
    this.report.steps.push({ step, state: "running", message, startedAt: new Date().toISOString(), finishedAt: null });
    this.emit({ type: "step", step, message });
  }

  package(news: PackageProgress): void {
    if (news.action === "downloading" || news.action === "cached") {
      this.report.packages.push({ name: news.name, version: news.version, size: news.size, bytes: news.bytes, cached: news.action === "cached" });
      if (news.action === "downloading") this.report.downloadedBytes += news.bytes ?? 0;
    }
    this.emit({ type: "package", step: this.currentStep, message: describePackage(news), package: news });
  }

  output(line: string): void {
    this.report.output.push(line);
    if (this.report.output.length > OUTPUT_TAIL_LINES) this.report.output.shift();
    this.emit({ type: "output", step: this.currentStep, message: line });
  }

  warning(message: string): void {
    this.report.warnings.push(message);
    this.emit({ type: "warning", step: this.currentStep, message });
  }

  /** Ends the install: the report is final after this, but nobody hears of it before announceFinish(). */
  conclude(outcome: Pick<InstallReport, "state" | "error" | "command" | "rollbackVersion">): void {
    if (this.finished) return;
    this.closeStep(outcome.state === "succeeded" ? "done" : "failed");
    Object.assign(this.report, outcome, { finishedAt: new Date().toISOString() });
  }

  /** Sends the `finished` event (with the report) to every listener, once, after conclude(). */
  announceFinish(): void {
    if (!this.finished || this.announced) return;
    const message = this.report.state === "succeeded" ? `tgcf ${this.report.version} is installed: ${this.report.command}` : (this.report.error?.message ?? this.report.state);
    this.emit({ type: "finished", step: this.currentStep, message, report: structuredClone(this.report) });
  }

  /** Events after `afterSeq` (0: all kept), then every new one until the install finishes; returns the unsubscribe. */
  follow(afterSeq: number, listener: InstallListener): () => void {
    for (const event of this.events) if (event.seq > afterSeq) listener(event);
    if (this.announced) return () => {};
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private closeStep(state: "done" | "failed"): void {
    const last = this.report.steps.at(-1);
    if (last && last.state === "running") {
      last.state = state;
      last.finishedAt = new Date().toISOString();
    }
  }

  private emit(fields: Omit<InstallEvent, "seq" | "installId" | "at">): void {
    const event: InstallEvent = { seq: ++this.seq, installId: this.id, at: new Date().toISOString(), ...fields };
    this.events.push(event);
    if (this.events.length > MAX_EVENTS_KEPT) {
      const oldestOutput = this.events.findIndex((kept) => kept.type === "output");
      this.events.splice(oldestOutput === -1 ? 0 : oldestOutput, 1);
    }
    for (const listener of this.listeners) listener(event);
    if (event.type === "finished") this.listeners.clear();
  }
}

function describePackage(news: PackageProgress): string {
  const named = news.version === null ? news.name : `${news.name} ${news.version}`;
  switch (news.action) {
    case "collecting":
      return `Resolving ${named}`;
    case "downloading":
      return news.size === null ? `Downloading ${named}` : `Downloading ${named} (${news.size})`;
    case "cached":
      return news.size === null ? `Using ${named} from pip's cache` : `Using ${named} from pip's cache (${news.size})`;
    case "building":
      return `Building ${named} from source`;
    case "installing":
      return `Installing ${named}`;
    case "installed":
      return `Installed ${named}`;
  }
  return named;
}
