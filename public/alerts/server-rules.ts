// What the Alerts page needs to know of the server's alert model (the event kinds and what each means, the patterns
// and limits of the fields, the retry delays), read from the server's own schema when the UI is bundled. Import it
// `with { type: "macro" }`: Bun runs alertRules() at bundle time and inlines its answer, so the page carries these
// values and none of the server's code, and they cannot drift from the schema.
import { RETRY_DELAYS_MS } from "../../src/modules/alerts/delivery";
import { DEFAULT_TELEGRAM_API_URL } from "../../src/modules/alerts/channels";
import {
  ALERT_SECRET_PLACEHOLDER,
  AlertEventKindSchema,
  AlertSettingsSchema,
  ChannelSchema,
  DEFAULT_COOLDOWN_SECONDS,
  MAX_CHANNELS,
  MAX_CHAT_IDS,
  type AlertChannel,
  type AlertEventKind,
} from "../../src/modules/alerts/model";

export interface EventKindRule {
  kind: AlertEventKind;
  /** The schema's own explanation of the kind ("" when it has none). */
  explanation: string;
}

export interface AlertRules {
  /** In the schema's order. */
  eventKinds: EventKindRule[];
  /** In the schema's order. */
  channelKinds: AlertChannel["kind"][];
  idPattern: string;
  urlPattern: string;
  urlMaxLength: number;
  chatIdPattern: string;
  cooldown: { minimum: number; maximum: number; default: number };
  maxChannels: number;
  maxChatIds: number;
  secretPlaceholder: string;
  retryDelaysMs: number[];
  telegramApiUrl: string;
}

/** The explanations of a description like "fatal: the supervisor gave up · unexpected-exit: tgcf exited on its own". */
function explanations(description: string): Map<string, string> {
  const byKind = new Map<string, string>();
  for (const part of description.split("·")) {
    const colon = part.indexOf(":");
    if (colon > 0) byKind.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return byKind;
}

export function alertRules(): AlertRules {
  const explained = explanations(AlertEventKindSchema.description ?? "");
  const channel = ChannelSchema.properties;
  const cooldown = AlertSettingsSchema.properties.cooldownSeconds;
  return {
    eventKinds: AlertEventKindSchema.anyOf.map((literal) => ({ kind: literal.const, explanation: explained.get(literal.const) ?? "" })),
    channelKinds: channel.kind.anyOf.map((literal) => literal.const),
    idPattern: channel.id.pattern!,
    urlPattern: channel.url.pattern!,
    urlMaxLength: channel.url.maxLength!,
    chatIdPattern: channel.chatIds.items.pattern!,
    cooldown: { minimum: cooldown.minimum!, maximum: cooldown.maximum!, default: DEFAULT_COOLDOWN_SECONDS },
    maxChannels: MAX_CHANNELS,
    maxChatIds: MAX_CHAT_IDS,
    secretPlaceholder: ALERT_SECRET_PLACEHOLDER,
    retryDelaysMs: [...RETRY_DELAYS_MS],
    telegramApiUrl: DEFAULT_TELEGRAM_API_URL,
  };
}
