// Modal confirmation (native <dialog> plus a Tab trap, since a modal still lets Tab reach the browser's own controls; Escape cancels) and the promise-returning function that opens it.
import { useEffect, useRef } from "preact/hooks";
import { keepFocusInside } from "./focus-trap.ts";
import { Store, useStore } from "../state/store.ts";

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
}

interface OpenRequest extends ConfirmRequest {
  resolve: (confirmed: boolean) => void;
}

const openRequest = new Store<OpenRequest | null>(null);

/** Asks the user; resolves true when they confirm. */
export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  openRequest.value?.resolve(false);
  return new Promise((resolve) => openRequest.set({ ...request, resolve }));
}

/** Renders the open confirmation, if any; mount once. */
export function ConfirmHost() {
  const current = useStore(openRequest);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (current && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [current]);

  if (!current) return null;
  const answer = (confirmed: boolean) => {
    openRequest.set(null);
    dialog.current?.close();
    current.resolve(confirmed);
  };
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="confirm-title"
      onCancel={() => answer(false)}
      onKeyDown={(event) => keepFocusInside(event, dialog.current)}
    >
      <h2 id="confirm-title">{current.title}</h2>
      <p>{current.message}</p>
      <div class="actions">
        <button type="button" class="button" onClick={() => answer(false)} autoFocus>
          {current.cancelLabel ?? "Cancel"}
        </button>
        <button type="button" class={current.danger ? "button danger" : "button primary"} onClick={() => answer(true)}>
          {current.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
