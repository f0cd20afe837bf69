// What the server found wrong with the raw config text: each error with its path and a link to its line.
import type { FieldError } from "../api/http.ts";
import type { TextLocation } from "../state/config-store.ts";
import { pointerLabel } from "../lib/schema-node.ts";
import { configState } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";

interface RawErrorsProps {
  message: string;
  errors: FieldError[];
  location?: TextLocation;
  /** The line of an error's path in the text, if it can be found. */
  lineOf(error: FieldError): number | null;
  goTo(line: number): void;
}

/** A parse error's own line and column (the server puts them on the error or in the details). */
function locationOf(error: FieldError): TextLocation | undefined {
  const { line, column } = error as FieldError & { line?: unknown; column?: unknown };
  return typeof line === "number" ? { line, column: typeof column === "number" ? column : undefined } : undefined;
}

export function RawErrors({ message, errors, location, lineOf, goTo }: RawErrorsProps) {
  const { schema } = useStore(configState);
  // People read "Connections › 1 › Destinations › 2"; the JSON pointer stays in the tooltip for the API-minded.
  const readable = (pointer: string) => (schema && pointer ? pointerLabel(schema, pointer) : pointer || "the whole file");
  const goButton = (where: TextLocation, text: string) => (
    <button type="button" class="link-button" onClick={() => goTo(where.line)}>
      {text} {where.line}
      {where.column ? `, column ${where.column}` : ""}
    </button>
  );
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
      {location && goButton(location, "Go to line")}
      <ul class="error-list">
        {errors.map((error) => {
          const where = locationOf(error) ?? (error.path ? { line: lineOf(error) ?? 0 } : undefined);
          return (
            <li key={error.path + error.message}>
              <span class="error-path" title={error.path || "/"}>
                {readable(error.path)}
              </span>
              : {error.message} {where && where.line > 0 && goButton(where, "line")}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
