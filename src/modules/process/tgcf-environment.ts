// What tgcf reads besides tgcf.config.json: the environment it inherits and the `.env` file in its working directory
// (python-dotenv, which never overrides a variable already set). Some variables change where its config comes from.
import { join } from "node:path";
import type { FieldError } from "../../utils/api-error";
import { pathKind, readFileNoFollowSync } from "../../utils/safe-fs";

export const DOTENV_FILE_NAME = ".env";
/** tgcf reads its config from MongoDB when MONGO_CON_STR is set; these are never passed on from the server. */
export const MONGO_VARIABLE_PREFIX = "MONGO_";
/** Any non-empty value makes tgcf exit at once ("You are running fake with ... mode"). */
const FAKE_VARIABLE = "FAKE";

/** KEY=value lines as python-dotenv reads them: `export`, quotes and comments allowed. */
export function parseDotenv(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(rawLine);
    if (!match) continue;
    let value = match[2]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, "");
    variables.set(match[1]!, value);
  }
  return variables;
}

/** Problems in the data dir's .env that would make tgcf ignore tgcf.config.json or exit at once; [] when none. */
export function dotenvProblems(dataDir: string): FieldError[] {
  const path = join(dataDir, DOTENV_FILE_NAME);
  const kind = pathKind(path);
  if (kind === "missing") return [];
  if (kind !== "file") return [{ path: DOTENV_FILE_NAME, message: `${path} is not a regular file (a link?): tgcf would read it, tgcf-server cannot check it; remove it or replace it with a file` }];
  const variables = parseDotenv(readFileNoFollowSync(path).toString("utf8"));
  const problems: FieldError[] = [];
  if (variables.get("MONGO_CON_STR")) {
    problems.push({
      path: DOTENV_FILE_NAME,
      message: `${path} sets MONGO_CON_STR, so tgcf would take its config from MongoDB and ignore tgcf.config.json (every change made here would have no effect): remove that line to use this config`,
    });
  }
  if (variables.get(FAKE_VARIABLE)) problems.push({ path: DOTENV_FILE_NAME, message: `${path} sets FAKE, which makes tgcf exit at once: remove that line` });
  return problems;
}
