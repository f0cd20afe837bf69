// Keeps Tab and Shift+Tab inside a modal: a native modal <dialog> makes the page inert, but Tab can still leave it
// for the browser's own controls and come back to the page behind.

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/** A keydown handler for `container`: Tab from its last control goes to its first, Shift+Tab from its first to its last. */
export function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  if (event.key !== "Tab" || !container) return;
  const controls = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  const leaving = event.shiftKey ? active === first || active === container : active === last;
  if (leaving || !container.contains(active)) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
