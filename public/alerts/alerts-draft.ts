// The alert settings being edited: the draft beside the saved settings, what a save sends, and the checks made before
// sending (the server's own patterns and limits, said in words). Pure: no DOM, no requests.
import type { FieldError } from "../api/http.ts";
import type { AlertChannel, AlertSettings, ChannelKind } from "../api/alerts.ts";
import { getAt, parsePointer, setAt, toPointer } from "../lib/json-pointer.ts";
import { deepEqual } from "../lib/merge-patch.ts";
import { ALERT_RULES, ALERT_EVENT_KINDS } from "./rules.ts";

export interface AlertsDraft {
  /** The settings as edited; channel i is described by origins[i] and keys[i]. */
  settings: AlertSettings;
  /** Where each channel sits in the saved settings, null while it is new (its secrets then have no saved value). */
  origins: (number | null)[];
  /** Stable keys for rendering, so a removed channel does not hand its inputs to the next one. */
  keys: number[];
}

let nextKey = 1;

/** A draft equal to the saved settings. */
export function draftOf(saved: AlertSettings): AlertsDraft {
  return { settings: structuredClone(saved), origins: saved.channels.map((_, index) => index), keys: saved.channels.map(() => nextKey++) };
}

/** A new channel of `kind` at the end, named `<kind>`, `<kind>-2`... so the name is free. */
export function addChannel(draft: AlertsDraft, kind: ChannelKind): AlertsDraft {
  const taken = new Set(draft.settings.channels.map((channel) => channel.id));
  let id: string = kind;
  for (let n = 2; taken.has(id); n++) id = `${kind}-${n}`;
  const channel: AlertChannel = kind === "telegram" ? { id, kind, chatIds: [] } : { id, kind, url: "" };
  return {
    settings: { ...draft.settings, channels: [...draft.settings.channels, channel] },
    origins: [...draft.origins, null],
    keys: [...draft.keys, nextKey++],
  };
}

export function removeChannel(draft: AlertsDraft, index: number): AlertsDraft {
  const without = <T>(list: readonly T[]) => list.filter((_, at) => at !== index);
  return { settings: { ...draft.settings, channels: without(draft.settings.channels) }, origins: without(draft.origins), keys: without(draft.keys) };
}

export function editDraft(draft: AlertsDraft, pointer: string, value: unknown): AlertsDraft {
  return { ...draft, settings: setAt(draft.settings, pointer, value) };
}

/** The saved value for a field of the draft: a channel's fields are looked up where that channel was saved. */
export function savedValueAt(saved: AlertSettings, draft: AlertsDraft, pointer: string): unknown {
  const [head, index, ...rest] = parsePointer(pointer);
  if (head !== "channels" || index === undefined) return getAt(saved, pointer);
  const origin = draft.origins[Number(index)];
  if (origin === null || origin === undefined) return undefined;
  return getAt(saved, toPointer(["channels", origin, ...rest]));
}

/** True when the channel at `index` is saved and unchanged. */
export function channelIsSaved(saved: AlertSettings, draft: AlertsDraft, index: number): boolean {
  const origin = draft.origins[index];
  if (origin === null || origin === undefined) return false;
  const savedChannel = saved.channels[origin];
  return savedChannel !== undefined && deepEqual(channelBody(savedChannel), channelBody(draft.settings.channels[index]!));
}

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");
/** A secret as sent: the placeholder keeps the stored one; nothing (or "") means none. */
const secretBody = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** A channel as sent: only the fields its kind uses, empty optional fields left out. */
export function channelBody(channel: AlertChannel): AlertChannel {
  const body: AlertChannel = { id: text(channel.id), kind: channel.kind };
  const url = text(channel.url);
  if (url) body.url = url;
  if (channel.kind === "webhook") {
    const secret = secretBody(channel.secret);
    if (secret !== undefined) body.secret = secret;
  }
  if (channel.kind === "telegram") {
    const botToken = secretBody(channel.botToken);
    if (botToken !== undefined) body.botToken = botToken;
    body.chatIds = (channel.chatIds ?? []).map(text).filter(Boolean);
  }
  if (channel.events) body.events = ALERT_EVENT_KINDS.filter((kind) => channel.events!.includes(kind));
  return body;
}

/** What a save sends: every setting the page does not edit (thresholds) kept as it was. */
export function settingsBody(settings: AlertSettings): AlertSettings {
  const { publicUrl, ...rest } = settings;
  const body: AlertSettings = { ...rest, channels: settings.channels.map(channelBody) };
  if (text(publicUrl)) body.publicUrl = text(publicUrl);
  return body;
}

/** The draft over `fresh` saved settings instead of `old` ones: each channel's origin follows its saved id (null when it is gone). */
export function rebaseDraft(old: AlertSettings, fresh: AlertSettings, draft: AlertsDraft): AlertsDraft {
  const origins = draft.origins.map((origin) => {
    const id = origin === null ? undefined : old.channels[origin]?.id;
    const found = id === undefined ? -1 : fresh.channels.findIndex((channel) => channel.id === id);
    return found === -1 ? null : found;
  });
  return { ...draft, origins };
}

/** What a save sends for `draft`: settingsBody, and for a saved channel under a new name, its saved id as previousId (so its secrets stay). */
export function saveBody(saved: AlertSettings, draft: AlertsDraft): AlertSettings {
  const body = settingsBody(draft.settings);
  body.channels.forEach((channel, index) => {
    const origin = draft.origins[index];
    const savedId = origin === null || origin === undefined ? undefined : saved.channels[origin]?.id;
    if (savedId !== undefined && savedId !== channel.id) channel.previousId = savedId;
  });
  return body;
}

export function isDirty(saved: AlertSettings | null, draft: AlertsDraft | null): boolean {
  if (!saved || !draft) return false;
  return !deepEqual(settingsBody(saved), settingsBody(draft.settings));
}

/** Chat ids as typed ("-100123, @alerts" or one per line) → the list. */
export function parseChatIds(typed: string): string[] {
  return typed.split(/[\s,;]+/).filter(Boolean);
}

const ID = new RegExp(ALERT_RULES.idPattern);
const URL_PATTERN = new RegExp(ALERT_RULES.urlPattern);
const CHAT_ID = new RegExp(ALERT_RULES.chatIdPattern);

function urlProblem(url: string, required: string | null): string | null {
  if (url === "") return required;
  if (!URL_PATTERN.test(url)) return "Enter an address starting with http:// or https://, without spaces.";
  if (url.length > ALERT_RULES.urlMaxLength) return `This address is too long: at most ${ALERT_RULES.urlMaxLength} characters.`;
  return null;
}

/** What the server would refuse, found before sending, with a message at each field; [] when the draft can be saved. */
export function draftProblems(draft: AlertsDraft): FieldError[] {
  const problems: FieldError[] = [];
  const at = (path: string, message: string | null) => message && problems.push({ path, message });
  const body = settingsBody(draft.settings);
  const seen = new Set<string>();
  body.channels.forEach((channel, index) => {
    const base = `/channels/${index}`;
    if (!ID.test(channel.id)) {
      at(`${base}/id`, "Give the channel a name of 1 to 64 letters, digits, - and _, starting with a letter or digit.");
    } else if (seen.has(channel.id)) {
      at(`${base}/id`, `Another channel is named “${channel.id}”: give each channel its own name.`);
    }
    seen.add(channel.id);
    const required = channel.kind === "telegram" ? null : `A ${channel.kind} channel needs the address to send to.`;
    at(`${base}/url`, urlProblem(channel.url ?? "", required));
    if (channel.kind === "telegram") {
      if (!channel.botToken) at(`${base}/botToken`, "Set the bot’s token (from @BotFather).");
      const chatIds = channel.chatIds ?? [];
      const wrong = chatIds.filter((chatId) => !CHAT_ID.test(chatId));
      if (chatIds.length === 0) at(`${base}/chatIds`, "Add at least one chat id: a number such as -1001234567890, or an @username.");
      else if (wrong.length > 0) at(`${base}/chatIds`, `Not a chat id: ${wrong.join(", ")}. Use numbers such as -1001234567890, or @usernames.`);
      else if (chatIds.length > ALERT_RULES.maxChatIds) at(`${base}/chatIds`, `At most ${ALERT_RULES.maxChatIds} chats per channel.`);
    }
    if (channel.events && channel.events.length === 0) at(`${base}/events`, "Choose at least one event, or choose every event.");
  });
  const cooldown = draft.settings.cooldownSeconds as unknown;
  const { minimum, maximum } = ALERT_RULES.cooldown;
  if (typeof cooldown !== "number" || !Number.isInteger(cooldown) || cooldown < minimum || cooldown > maximum) {
    at("/cooldownSeconds", `Enter a whole number of seconds from ${minimum} to ${maximum}.`);
  }
  at("/publicUrl", urlProblem(body.publicUrl ?? "", null));
  return problems;
}

/** The errors a field shows: those at its pointer, and for a list shown as one input (chat ids, events), those inside it. */
export function errorsAt(errors: readonly FieldError[], pointer: string): string[] {
  const isList = /\/(chatIds|events)$/.test(pointer);
  return errors.filter((error) => error.path === pointer || (isList && error.path.startsWith(pointer + "/"))).map((error) => error.message);
}
