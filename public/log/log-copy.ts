// Copying from the log: a selection that takes in a closed traceback copies all of its lines, not only its summary.

/** A row's text as copied: a folded traceback's lines, else the line's text without the cause tag. */
function rowText(row: Element): string {
  const body = row.querySelector(":scope > .log-fold-body");
  if (body) return [...body.querySelectorAll(".log-fold-line, .log-fold-cut:not([hidden])")].map((line) => line.textContent ?? "").join("\n");
  const text = row.querySelector(".log-text");
  if (!text) return row.textContent ?? "";
  return [...text.childNodes].filter((node) => !(node instanceof Element && node.classList.contains("log-cause-tag"))).map((node) => node.textContent ?? "").join("").trimEnd();
}

/**
 * The log container's copy handler. The browser leaves out what a closed <details> hides; when the selection takes in
 * such a traceback, the copy is made of whole rows instead, each traceback with its lines. Other copies are left alone.
 */
export function copyWholeFolds(event: ClipboardEvent): void {
  const container = event.currentTarget as HTMLElement;
  const selection = getSelection();
  if (!selection || selection.isCollapsed || !event.clipboardData) return;
  const rows = [...container.children].filter((row) => selection.containsNode(row, true));
  if (!rows.some((row) => row.matches("details.log-fold:not([open])"))) return;
  event.clipboardData.setData("text/plain", rows.map(rowText).join("\n"));
  event.preventDefault();
}
