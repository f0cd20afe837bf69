// A failed Telegram request, said plainly: a heading for server trouble, the message, links to the config fields concerned.
import type { ComponentChildren } from "preact";
import { focusField } from "../components/ErrorSummary.tsx";
import { pointerLabel, type SchemaNode } from "../lib/schema-node.ts";
import { asSentence, type TelegramProblem } from "../lib/telegram-problem.ts";

interface ProblemProps {
  problem: TelegramProblem;
  /** The config's schema when the fields it names are on this page (then they are linked); null otherwise. */
  fieldsOnPage: SchemaNode | null;
  /** Buttons that help (open another page, try again). */
  children?: ComponentChildren;
}

export function ProblemNotice({ problem, fieldsOnPage, children }: ProblemProps) {
  const links = fieldsOnPage ? problem.configErrors : [];
  return (
    <div class="notice error telegram-problem" role="alert">
      {problem.title && <p class="notice-title">{problem.title}</p>}
      <p>{problem.message}</p>
      {links.length > 0 && fieldsOnPage && (
        <ul class="error-list">
          {links.map(({ path, message }) => (
            <li key={path}>
              <button type="button" class="link-button" onClick={() => focusField(path)}>
                {pointerLabel(fieldsOnPage, path)}
              </button>
              {/* The server repeats its message per field; a field's own short note ("not set") is worth showing. */}
              {asSentence(message) !== problem.message && `: ${message}`}
            </li>
          ))}
        </ul>
      )}
      {children && <div class="actions">{children}</div>}
    </div>
  );
}
