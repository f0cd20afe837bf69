// The chosen instances' live logs as one, in time order: each line tagged with its instance's name and that instance's colour.
import { useEffect, useRef, useState } from "preact/hooks";
import { MergedLogSocket, type InstanceLogEntry } from "../api/merged-log-socket.ts";
import { LogRows, rowFor } from "../log/log-rows.ts";

/** Colours an instance's tag may take (instances.css), given in turn by the instance's place in the overview. */
export const INSTANCE_COLOUR_COUNT = 6;
/** Closer to the end than this (px) counts as following the end: new lines scroll into view. */
const FOLLOW_SLACK_PX = 40;

interface MergedLogProps {
  /** The instances shown, in the overview's order. */
  instances: { id: string; name: string; colour: number }[];
  onClose(): void;
}

/** Adds the instance's name (the colour is never the only sign of it) in front of the usual row. */
function taggedRow(entry: InstanceLogEntry, tags: ReadonlyMap<string, { name: string; colour: number }>): HTMLElement {
  const row = rowFor(entry);
  const tag = tags.get(entry.instance) ?? { name: entry.instance, colour: 0 };
  const label = document.createElement("span");
  label.className = `log-instance instance-colour-${tag.colour}`;
  label.textContent = tag.name;
  label.title = entry.instance;
  row.dataset.instance = entry.instance;
  row.classList.add(`instance-colour-${tag.colour}`);
  row.prepend(label, " ");
  return row;
}

export function MergedLog({ instances, onClose }: MergedLogProps) {
  const container = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(0);
  const [gaps, setGaps] = useState<string[]>([]);
  const key = instances.map((instance) => instance.id).join(",");

  useEffect(() => {
    const element = container.current!;
    const tags = new Map(instances.map((instance) => [instance.id, instance]));
    const rows = new LogRows<InstanceLogEntry>(element, undefined, (entry) => taggedRow(entry, tags));
    const nameOf = (id: string) => tags.get(id)?.name ?? id;
    const socket = new MergedLogSocket(
      instances.map((instance) => instance.id),
      {
        onLine(entry) {
          const following = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX;
          rows.append([entry]);
          setShown(rows.count);
          if (following) element.scrollTop = element.scrollHeight;
        },
        onGap: (instance, from, to) => setGaps((old) => [...old, `${nameOf(instance)}: lines ${from}–${to} were no longer in the server's memory.`]),
        onOpen: setOpen,
      },
    );
    socket.start();
    return () => {
      socket.stop();
      rows.clear();
    };
  }, [key]);

  const names = instances.map((instance) => instance.name).join(", ");
  return (
    <section class="card log-card merged-log" aria-labelledby="merged-log-title">
      <header class="card-header">
        <h2 id="merged-log-title">Log of {names}</h2>
        <span class="merged-log-state" role="status">
          {open ? "Live" : "Connecting…"}
        </span>
        <button type="button" class="button small" onClick={onClose}>
          Close the log
        </button>
      </header>
      <ul class="merged-log-legend" aria-label="Instances in this log">
        {instances.map((instance) => (
          <li key={instance.id} class={`log-instance instance-colour-${instance.colour}`}>
            {instance.name}
          </li>
        ))}
      </ul>
      {gaps.map((gap) => (
        <p class="notice warning" role="status" key={gap}>
          {gap}
        </p>
      ))}
      <div class="log-frame">
        <div ref={container} class="log-rows" role="log" aria-live="off" aria-label={`Output of ${names}`} tabIndex={0} />
        {shown === 0 && <p class="log-empty">No log lines yet. Start these instances to see their output here.</p>}
      </div>
    </section>
  );
}
