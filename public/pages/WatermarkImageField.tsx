// The watermark image as an upload: the chosen file goes to the server's data dir, and the field takes its path there
// (saved with the rest of the page). The path is shown, never typed.
import { useState } from "preact/hooks";
import { FieldFrame, describedBy } from "../fields/FieldFrame.tsx";
import { useForm } from "../fields/form-context.ts";
import { fieldId } from "../lib/field-id.ts";
import { UPLOADABLE_WATERMARK_BYTES } from "../../src/modules/uploads/limits.ts";
import { ACCEPTED_IMAGE_TYPES, uploadWatermark } from "./watermark-upload.ts";

interface WatermarkProps {
  pointer: string;
  label: string;
  value: unknown;
}

type UploadState = { phase: "idle" } | { phase: "sending"; name: string } | { phase: "done"; name: string } | { phase: "failed"; problem: string };

export function WatermarkImageField({ pointer, label, value }: WatermarkProps) {
  const form = useForm();
  const [upload, setUpload] = useState<UploadState>({ phase: "idle" });
  const id = fieldId(pointer);
  const current = typeof value === "string" && value !== "" ? value : null;

  const send = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setUpload({ phase: "sending", name: file.name });
    const result = await uploadWatermark(file);
    input.value = "";
    if (!result.ok) return setUpload({ phase: "failed", problem: result.problem });
    form.edit(pointer, result.stored.path);
    setUpload({ phase: "done", name: file.name });
  };
  const unsaved = value !== form.savedAt(pointer);
  const description = `A PNG, JPEG, GIF or WebP image, at most ${UPLOADABLE_WATERMARK_BYTES / 1024 / 1024} MiB. It is kept in the server's data directory.`;
  return (
    <FieldFrame pointer={pointer} label={label} description={description}>
      <p class="watermark-current" id={`${id}-current`}>
        {current ? (
          <>
            Image in use: <code>{current}</code>
          </>
        ) : (
          "No image yet."
        )}
      </p>
      <input
        type="file"
        id={id}
        class="file-input"
        accept={ACCEPTED_IMAGE_TYPES}
        disabled={upload.phase === "sending"}
        aria-describedby={`${id}-current ${describedBy(pointer, true)} ${id}-upload`}
        onChange={(event) => void send(event.currentTarget)}
      />
      <p id={`${id}-upload`} class={upload.phase === "failed" ? "field-error" : "field-help"} role={upload.phase === "failed" ? "alert" : "status"}>
        {upload.phase === "sending" && `Uploading ${upload.name}…`}
        {upload.phase === "done" && (unsaved ? `Uploaded ${upload.name}. Save to use it.` : `Uploaded ${upload.name}.`)}
        {upload.phase === "failed" && upload.problem}
      </p>
    </FieldFrame>
  );
}
