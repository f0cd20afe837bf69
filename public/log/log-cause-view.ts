// A known failure on a log row: a tag with its kind in words, its hint, and a link to the page of the setting to fix.
import { causeLabel, type CauseHint } from "../lib/log-causes.ts";
import { pageOfPointer } from "../lib/exit-outcome.ts";
import { pageHash } from "../state/instance.ts";
import { PAGES } from "../state/router.ts";

let hintCount = 0;

/** The hint and, when the cause names a setting, a link to its page (of `instance`, "" for this tab's). */
export function causeHint(cause: CauseHint, instance: string, element: "div" | "p" = "div"): HTMLElement {
  const hint = document.createElement(element);
  hint.className = "log-cause-hint";
  hint.append(cause.hint);
  const page = pageOfPointer(cause.field);
  if (page !== null) {
    const link = document.createElement("a");
    link.className = "log-cause-fix";
    link.href = instance === "" ? pageHash(page) : pageHash(page, instance);
    link.textContent = `Go to ${PAGES.find((candidate) => candidate.id === page)?.title ?? page}`;
    hint.append(" ", link);
  }
  return hint;
}

/** The tag alone, for a folded traceback's summary (which is itself the button that opens the hint). */
export function causeTag(cause: CauseHint): HTMLElement {
  const tag = document.createElement("span");
  tag.className = `log-cause-tag cause-${cause.kind}`;
  tag.title = cause.hint;
  tag.textContent = causeLabel(cause);
  return tag;
}

/** What each tag button of an ordinary row shows when pressed (its hint is made then: most are never opened). */
const hintOfTag = new WeakMap<Element, { cause: CauseHint; instance: string }>();

/** Adds to an ordinary row a tag button after its text that shows or hides the hint below it. */
export function addCause(row: HTMLElement, cause: CauseHint, instance: string): void {
  const tag = document.createElement("button");
  tag.type = "button";
  tag.className = `log-cause-tag cause-${cause.kind}`;
  tag.title = cause.hint;
  tag.textContent = causeLabel(cause);
  tag.setAttribute("aria-expanded", "false");
  hintOfTag.set(tag, { cause, instance });
  const text = row.querySelector(".log-text") ?? row;
  text.append(" ", tag);
  row.classList.add("has-cause");
}

/** The tag buttons of a whole log, handled once on its container (rows come and go by the thousand). */
export function toggleCauseHint(event: Event): void {
  const tag = (event.target as Element | null)?.closest?.("button.log-cause-tag");
  const row = tag?.closest(".log-row");
  if (!tag || !row) return;
  let hint = document.getElementById(tag.getAttribute("aria-controls") ?? "");
  if (!hint) {
    const made = hintOfTag.get(tag);
    if (!made) return;
    hint = causeHint(made.cause, made.instance);
    hint.id = `log-cause-${++hintCount}`;
    row.append(hint);
    tag.setAttribute("aria-controls", hint.id);
  }
  const open = tag.getAttribute("aria-expanded") !== "true";
  tag.setAttribute("aria-expanded", String(open));
  hint.hidden = !open;
}
