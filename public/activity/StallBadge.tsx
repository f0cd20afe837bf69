// A stall state as a badge, with the reason in words next to it (never only a colour or a tooltip).
import type { StallWords } from "./activity-words.ts";

export function StallBadge({ words, id }: { words: StallWords; id: string }) {
  return (
    <p class={`stall stall-${words.tone}`}>
      <span class="badge" id={id}>
        <span class="badge-dot" aria-hidden="true" />
        {words.label}
      </span>{" "}
      <span class="stall-reason">{words.reason}</span>
    </p>
  );
}
