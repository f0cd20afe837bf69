// One instance on the overview: its name (a link to its Run page), account, mode, state with its cause, uptime, restarts, CPU and memory.
import { DEFAULT_INSTANCE_ID } from "../../src/shared/instance-id";
import { useState } from "preact/hooks";
import type { InstanceSummary } from "../api/instances.ts";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { formatBytes, formatDuration } from "../lib/format.ts";
import { pageHash } from "../state/instance.ts";
import { navigate } from "../state/router.ts";

const RUNNING_STATES = new Set(["starting", "running", "backoff", "stopping"]);

/** A tgcf process exists or is about to (the server refuses to delete such an instance). */
export function isActive(instance: InstanceSummary): boolean {
  return RUNNING_STATES.has(instance.state);
}

function accountText(account: InstanceSummary["account"]): string {
  if (!account) return "not readable (the config is not valid)";
  const kind = account.type === "bot" ? "Bot" : "User";
  return account.name ? `${kind} @${account.name.replace(/^@/, "")}` : kind;
}

interface InstanceCardProps {
  instance: InstanceSummary;
  selected: boolean;
  busy: boolean;
  onSelect(selected: boolean): void;
  onAction(action: "run" | "stop" | "restart"): void;
  /** Resolves to null once renamed, else the reason. */
  onRename(name: string): Promise<string | null>;
  onDelete(): void;
}

export function InstanceCard({ instance, selected, busy, onSelect, onAction, onRename, onDelete }: InstanceCardProps) {
  const active = isActive(instance);
  const [renaming, setRenaming] = useState(false);
  const [renameError, setRenameError] = useState<string | null>(null);
  const rename = async (event: Event) => {
    event.preventDefault();
    const name = new FormData(event.currentTarget as HTMLFormElement).get("name")?.toString().trim() ?? "";
    if (!name) return setRenameError("Type a name.");
    const problem = await onRename(name);
    setRenameError(problem);
    if (!problem) setRenaming(false);
  };
  const cause = instance.state === "fatal" || instance.state === "backoff" || instance.state === "exited" ? instance.lastExit?.cause?.text ?? null : null;
  const titleId = `instance-${instance.id}-title`;
  return (
    <li class="card instance-card" aria-labelledby={titleId} data-instance={instance.id}>
      <div class="instance-head">
        <input type="checkbox" checked={selected} onChange={(event) => onSelect(event.currentTarget.checked)} aria-label={`Select ${instance.name}`} />
        <h2 id={titleId}>
          <a href={pageHash("run", instance.id)} onClick={(event) => (event.preventDefault(), void navigate("run", instance.id))}>
            {instance.name}
          </a>
        </h2>
        <span class="instance-id">{instance.id}</span>
        <StatusBadge status={instance} />
      </div>
      {cause ? <p class="instance-cause">{cause}</p> : null}
      <dl class="instance-facts">
        <div>
          <dt>Account</dt>
          <dd>{accountText(instance.account)}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{instance.mode ?? "—"}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>{active ? formatDuration(instance.uptimeSeconds) : "—"}</dd>
        </div>
        <div>
          <dt>Restarts</dt>
          <dd>{instance.restarts}</dd>
        </div>
        <div>
          <dt>CPU</dt>
          <dd>{instance.cpuPercent === null ? "—" : `${instance.cpuPercent.toFixed(1)} %`}</dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd>{instance.rssBytes === null ? "—" : formatBytes(instance.rssBytes)}</dd>
        </div>
        <div>
          <dt>PID</dt>
          <dd>{instance.pid ?? "—"}</dd>
        </div>
      </dl>
      <div class="card-actions instance-actions">
        <button type="button" class="button small" disabled={busy || active} onClick={() => onAction("run")}>
          Start<span class="visually-hidden"> {instance.name}</span>
        </button>
        <button type="button" class="button small" disabled={busy || !active} onClick={() => onAction("stop")}>
          Stop<span class="visually-hidden"> {instance.name}</span>
        </button>
        <button type="button" class="button small" disabled={busy || !active} onClick={() => onAction("restart")}>
          Restart<span class="visually-hidden"> {instance.name}</span>
        </button>
        <button type="button" class="button small" disabled={busy} aria-expanded={renaming} onClick={() => setRenaming(!renaming)}>
          Rename<span class="visually-hidden"> {instance.name}</span>
        </button>
        {instance.id === DEFAULT_INSTANCE_ID ? null : (
          <button type="button" class="button small danger" disabled={busy} onClick={onDelete}>
            Delete<span class="visually-hidden"> {instance.name}</span>
          </button>
        )}
      </div>
      {renaming ? (
        <form class="instance-rename" onSubmit={(event) => void rename(event)}>
          <label class="field-label" for={`rename-${instance.id}`}>
            New name of {instance.name}
          </label>
          <div class="inline-form">
            <input id={`rename-${instance.id}`} name="name" type="text" maxLength={100} defaultValue={instance.name} autoFocus />
            <button type="submit" class="button small primary">
              Save name
            </button>
          </div>
          {renameError ? <p class="field-error">{renameError}</p> : null}
        </form>
      ) : null}
    </li>
  );
}
