// Reads the configuration snippets that docs/deploy.md marks as tested, so the test runs exactly what the doc shows.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const DEPLOY_DOC = resolve(import.meta.dir, "../../docs/deploy.md");

/** `<!-- tested: NAME -->`, then the fenced block right after it (blank lines between them are allowed). */
const TESTED_BLOCK = /<!-- tested: ([\w-]+) -->\s*\n```(\w+)\n([\s\S]*?)\n```/g;

export interface DocSnippet {
  name: string;
  /** The fence's info string: nginx or caddyfile. */
  language: string;
  code: string;
}

/** Every tested snippet of the doc, by name; a name used twice is an error (the test would run only one of them). */
export function testedSnippets(markdown = readFileSync(DEPLOY_DOC, "utf8")): Map<string, DocSnippet> {
  const snippets = new Map<string, DocSnippet>();
  for (const [, name, language, code] of markdown.matchAll(TESTED_BLOCK)) {
    if (snippets.has(name!)) throw new Error(`docs/deploy.md marks two snippets as "tested: ${name}"`);
    snippets.set(name!, { name: name!, language: language!, code: code! });
  }
  const markers = markdown.match(/<!-- tested: [\w-]+ -->/g)?.length ?? 0;
  if (markers !== snippets.size) throw new Error(`docs/deploy.md has ${markers} "tested" markers but only ${snippets.size} are followed by a fenced block`);
  return snippets;
}

/** The named snippet, checked to be in the expected language. */
export function snippet(snippets: Map<string, DocSnippet>, name: string, language: string): string {
  const found = snippets.get(name);
  if (!found) throw new Error(`docs/deploy.md has no snippet marked <!-- tested: ${name} -->`);
  if (found.language !== language) throw new Error(`the "${name}" snippet is \`\`\`${found.language}, expected \`\`\`${language}`);
  return found.code;
}
