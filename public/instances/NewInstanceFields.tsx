// The id and name of an instance about to be made (adding one, or moving connections to one); read with FormData as "id" and "name".

export function NewInstanceFields({ idPrefix, idLabel }: { idPrefix: string; idLabel: string }) {
  return (
    <>
      <div class="field">
        <label class="field-label" for={`${idPrefix}-id`}>
          {idLabel}
        </label>
        <input id={`${idPrefix}-id`} name="id" type="text" required maxLength={32} autoComplete="off" spellcheck={false} aria-describedby={`${idPrefix}-id-help`} />
        <p class="field-help" id={`${idPrefix}-id-help`}>
          Lower-case letters, digits and -; it names the instance’s address and folder and cannot be changed later.
        </p>
      </div>
      <div class="field">
        <label class="field-label" for={`${idPrefix}-name`}>
          Name <span class="optional">(optional)</span>
        </label>
        <input id={`${idPrefix}-name`} name="name" type="text" maxLength={100} />
      </div>
    </>
  );
}
