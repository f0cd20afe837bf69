// One page's editing session over its part of the config: the form context, saving, conflicts, the leave guard.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { FieldError } from "../api/http.ts";
import { confirmAction } from "../components/confirm.tsx";
import type { FormContextValue } from "../fields/form-context.ts";
import type { ConflictChoice } from "../lib/conflict-choice.ts";
import { getAt, isWithin } from "../lib/json-pointer.ts";
import { configState, discardPart, editDraft, isPartDirty, resolveConflicts } from "../state/config-store.ts";
import { reapplyPart, reloadDiscarding, savePart, type SaveOutcome } from "../state/config-save.ts";
import { addLeaveGuard } from "../state/router.ts";
import { useStore } from "../state/store.ts";

export interface PartEditor {
  form: FormContextValue | null;
  dirty: boolean;
  saving: boolean;
  outcome: SaveOutcome | null;
  errors: FieldError[];
  /** Counts the outcomes (saves, discards, reloads): the save bar moves focus when it changes. */
  settled: number;
  /** The person's choice for each conflicting field, by its pointer in the draft. */
  choices: Readonly<Record<string, ConflictChoice>>;
  choose(path: string, choice: ConflictChoice): void;
  save(): Promise<void>;
  /** After a conflict: settles each field as chosen and saves what is left. */
  saveChoices(): Promise<void>;
  discard(): void;
  /** After the whole file changed (no field list): reload and send this page's changes again on top. */
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
  const [settled, setSettled] = useState(0);
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  const keyList = keys.join(",");

  useEffect(() => addLeaveGuard({ hasUnsavedWork: () => isPartDirty(keys), confirmLeaving: () => confirmLeaving(keys) }), [keyList]);

  const settle = (result: SaveOutcome | null) => {
    setOutcome(result);
    setErrors(result?.kind === "invalid" ? result.errors : []);
    setChoices({});
    setSettled((count) => count + 1);
  };

  const form = useMemo<FormContextValue | null>(() => {
    if (!state.schema || !state.draft) return null;
    return {
      root: state.schema,
      savedAt: (pointer) => getAt(state.saved, pointer),
      errorsAt: (pointer) => errors.filter((error) => error.path === pointer).map((error) => error.message),
      warningsAt: (pointer) => state.warnings.filter((warning) => warning.path === pointer).map((warning) => warning.message),
      edit(pointer, value) {
        editDraft(pointer, value);
        setErrors((current) => current.filter((error) => !isWithin(error.path, pointer)));
        setOutcome((current) => (current?.kind === "saved" ? null : current));
      },
    };
  }, [state.schema, state.saved, state.draft, state.warnings, errors]);

  const run = async (action: () => Promise<SaveOutcome | null>) => {
    setSaving(true);
    try {
      settle(await action());
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
    settled,
    choices,
    choose: (path, choice) => setChoices((current) => ({ ...current, [path]: choice })),
    save: () => run(() => savePart(keys)),
    saveChoices: () =>
      run(async () => {
        if (outcome?.kind === "conflict") resolveConflicts(outcome.conflicts, choices);
        return savePart(keys);
      }),
    discard() {
      discardPart(keys);
      settle(null);
    },
    reapply: () => run(() => reapplyPart(keys)),
    reload: () =>
      run(async () => {
        await reloadDiscarding(keys);
        return null;
      }),
  };
}
