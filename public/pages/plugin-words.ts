// Words for the plugins' choices, where tgcf's own option names are not words a person reads ("nofile", "video_note").
// Keyed by the server's enum types, so a file type added to the model fails the type check until it has its words.
import type { FILE_TYPES } from "../../src/modules/config/model-plugins.ts";
import type { SchemaNode } from "../lib/schema-node.ts";

type FileType = (typeof FILE_TYPES)[number];

/** What each of tgcf's file types means, as the file type filter lists them. */
export const FILE_TYPE_WORDS: Record<FileType, string> = {
  audio: "Audio",
  gif: "GIF",
  video: "Video",
  video_note: "Round video message",
  sticker: "Sticker",
  contact: "Contact",
  photo: "Photo",
  document: "Document",
  nofile: "Text only",
};

/**
 * `schema` with the words above as the labels of every many-of choice over file types. The form reads choice labels
 * from the items' description ("value = label; ..."), which for a list of choices is never shown itself.
 */
export function withChoiceWords(schema: SchemaNode, words: Readonly<Record<string, string>> = FILE_TYPE_WORDS): SchemaNode {
  const items = schema.items;
  const labelled =
    items?.enum && items.enum.every((value) => typeof value === "string" && value in words)
      ? { ...schema, items: { ...items, description: items.enum.map((value) => `${value} = ${words[value as string]}`).join("; ") } }
      : schema;
  if (!labelled.properties) return labelled;
  return { ...labelled, properties: Object.fromEntries(Object.entries(labelled.properties).map(([name, child]) => [name, withChoiceWords(child, words)])) };
}
