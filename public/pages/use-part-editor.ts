// One page's editing session over its part of the config: the form context, saving, conflicts, the leave guard.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { FieldError } from "../api/http.ts";
import { confirmAction } from "../components/confirm.tsx";
import type { FormContextValue } from "../fields/form-context.ts";
import { getAt, isWithin } from "../lib/json-pointer.ts";
import {
  configState,
  discardPart,
  editDraft,
  isPartDirty,
  partPatch,
  reapplyPatch,
  reloadDiscarding,
  savePatch,
  type SaveOutcome,
} from "../state/config-store.ts";
import { addLeaveGuard } from "../state/router.ts";
import { useStore } from "../state/store.ts";

export interface PartEditor {
  form: FormContextValue | null;
  dirty: boolean;
  saving: boolean;
  outcome: SaveOutcome | null;
  errors: FieldError[];
  save(): Promise<void>;
  discard(): void;
  /** After a conflict: send the same change again on top of the newer config. */
  reapply(): Promise<void>;
  /** After a conflict: take the newer config and drop this page's changes. */
  reload(): Promise<void>;
}

/** Asks before leaving a page with unsaved edits to `keys`; on yes they are discarded. */
export async function confirmLeaving(keys: readonly string[]): Promise<boolean> {
  if (!isPartDirty(keys)) return true;
  const leave = await confirmDiscard();
  if (leave) discardPart(keys);
  return leave;
}

/** The question asked before unsaved work is lost. */
export function confirmDiscard(): Promise<boolean> {
  return confirmAction({
    title: "Leave without saving?",
    message: "This page has changes that are not saved. If you leave, they are lost.",
    confirmLabel: "Discard changes and leave",
    cancelLabel: "Stay on this page",
    danger: true,
  });
}

export function usePartEditor(keys: readonly string[]): PartEditor {
  const state = useStore(configState);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [saving, setSaving] = useState(false);
  const [pendingPatch, setPendingPatch] = useState<unknown>(undefined);
  const keyList = keys.join(",");

  useEffect(() => addLeaveGuard({ hasUnsavedWork: () => isPartDirty(keys), confirmLeaving: () => confirmLeaving(keys) }), [keyList]);

  const settle = (result: SaveOutcome) => {
    setOutcome(result);
    setErrors(result.kind === "invalid" ? result.errors : []);
  };

  const form = useMemo<FormContextValue | null>(() => {
    if (!state.schema || !state.draft) return null;
    return {
      root: state.schema,
      savedAt: (pointer) => getAt(state.saved, pointer),
      errorsAt: (pointer) => errors.filter((error) => error.path === pointer).map((error) => error.message),
      edit(pointer, value) {
        editDraft(pointer, value);
        setErrors((current) => current.filter((error) => !isWithin(error.path, pointer)));
        setOutcome((current) => (current?.kind === "saved" ? null : current));
      },
    };
  }, [state.schema, state.saved, state.draft, errors]);

  const run = async (action: () => Promise<SaveOutcome | null>) => {
    setSaving(true);
    try {
      const result = await action();
      if (result) settle(result);
    } finally {
      setSaving(false);
    }
  };

  return {
    form,
    dirty: isPartDirty(keys, state),
    saving,
    outcome,
    errors,
    save: () =>
      run(async () => {
        const patch = partPatch(keys);
        if (patch === undefined) return null;
        setPendingPatch(patch);
        return savePatch(patch);
      }),
    discard() {
      discardPart(keys);
      setErrors([]);
      setOutcome(null);
    },
    reapply: () => run(() => reapplyPatch(pendingPatch)),
    reload: () =>
      run(async () => {
        await reloadDiscarding(keys);
        setErrors([]);
        return null;
      }).then(() => setOutcome(null)),
  };
}
