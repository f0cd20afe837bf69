// The alert settings in the server's own state dir (<data>/.tgcf-server/alerts.json), apart from tgcf's config.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { writeFileAtomically } from "../../utils/atomic-write";
import { readFileNoFollowSync } from "../../utils/safe-fs";
import { serverStateDir } from "../../utils/server-state-dir";
import { ApiError, type FieldError } from "../../utils/api-error";
import { urlRefusal } from "./receiver-address";
import { DEFAULT_TELEGRAM_API_URL } from "./channels";
import { ALERT_SECRET_PLACEHOLDER, AlertSettingsSchema, DEFAULT_COOLDOWN_SECONDS, type AlertChannel, type AlertSettings } from "./model";

export const ALERTS_FILE_NAME = "alerts.json";
/** It holds webhook secrets and bot tokens: the server's user only. */
const ALERTS_FILE_MODE = 0o600;
/** The fields of a channel that are secrets: redacted on reading, restored from the placeholder on writing. */
export const CHANNEL_SECRET_FIELDS = ["secret", "botToken"] as const;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { channels: [], cooldownSeconds: DEFAULT_COOLDOWN_SECONDS };

export class AlertSettingsStore {
  private current: AlertSettings;
  private writing: Promise<unknown> = Promise.resolve();

  /** Reads the file (default settings when there is none); an unreadable or invalid file is reported and ignored. */
  constructor(
    private readonly path: string,
    report: (line: string) => void = () => {},
  ) {
    this.current = readSettings(path, report);
  }

  static inDataDir(dataDir: string, report?: (line: string) => void): AlertSettingsStore {
    return new AlertSettingsStore(join(serverStateDir(dataDir), ALERTS_FILE_NAME), report);
  }

  get(): AlertSettings {
    return this.current;
  }

  /** The ETag of the settings as stored (secrets included, so replacing only a secret changes it too). */
  etag(): string {
    return `"${createHash("sha256").update(JSON.stringify(this.current)).digest("hex").slice(0, 32)}"`;
  }

  /** The settings with each set secret as the placeholder. */
  redacted(): AlertSettings {
    return { ...this.current, channels: this.current.channels.map(redactChannel) };
  }

  /**
   * Checks, restores the placeholders from the stored channel of the same id (or of `previousId`, for a renamed one),
   * writes atomically. ApiError 412 when `ifMatch` is given and not the current ETag; 422 when invalid.
   */
  async replace(incoming: AlertSettings, { ifMatch }: { ifMatch?: string } = {}): Promise<AlertSettings> {
    if (ifMatch !== undefined && ifMatch !== "*" && !ifMatch.split(",").map((tag) => tag.trim()).includes(this.etag())) {
      throw new ApiError(412, "the alert settings changed since you read them (another tab or person saved): reload them and apply your change again", undefined, { ETag: this.etag() });
    }
    const problems = placeholderProblems(incoming, this.current.channels);
    const restored = { ...incoming, channels: incoming.channels.map((channel) => restoreChannel(channel, this.current.channels)) };
    problems.push(...settingsProblems(restored));
    if (problems.length > 0) throw new ApiError(422, `the alert settings are not valid: ${problems[0]!.path} ${problems[0]!.message}`, problems);
    const write = this.writing.then(() => writeFileAtomically(this.path, JSON.stringify(restored, null, 2) + "\n", { mode: ALERTS_FILE_MODE }));
    this.writing = write.catch(() => undefined);
    await write;
    this.current = restored;
    return this.redacted();
  }
}

function readSettings(path: string, report: (line: string) => void): AlertSettings {
  let text: string;
  try {
    text = readFileNoFollowSync(path).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_ALERT_SETTINGS;
    report(`alerts: cannot read ${path}: ${(error as Error).message}; alerts are off until the settings are saved again`);
    return DEFAULT_ALERT_SETTINGS;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (Value.Check(AlertSettingsSchema, parsed) && settingsProblems(parsed).length === 0) return parsed;
  } catch {
    // reported below, without the content (it holds secrets)
  }
  report(`alerts: ${path} is not valid alert settings; alerts are off until the settings are saved again`);
  return DEFAULT_ALERT_SETTINGS;
}

function redactChannel(channel: AlertChannel): AlertChannel {
  const copy = { ...channel };
  for (const field of CHANNEL_SECRET_FIELDS) if (copy[field] !== undefined) copy[field] = copy[field] ? ALERT_SECRET_PLACEHOLDER : "";
  return copy;
}

/** The stored channel a sent one continues: the one it was renamed from, else the one of the same id. */
function storedChannelOf(channel: AlertChannel, stored: readonly AlertChannel[]): AlertChannel | undefined {
  const id = channel.previousId ?? channel.id;
  return stored.find((candidate) => candidate.id === id);
}

/** Where a channel's requests go, for comparing: a telegram channel without a URL uses the public Bot API. */
function receiverOrigin(channel: AlertChannel): string | null {
  const url = channel.url ?? (channel.kind === "telegram" ? DEFAULT_TELEGRAM_API_URL : undefined);
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * A placeholder stands for a stored secret of the same channel, going to the same place: one with nothing behind
 * it is refused (never taken as "no secret"), and so is one whose channel changed kind or receiver, since whoever
 * cannot read a secret must not be able to send it somewhere else. previousId is for a rename only.
 */
function placeholderProblems(settings: AlertSettings, stored: readonly AlertChannel[]): FieldError[] {
  const problems: FieldError[] = [];
  const ids = new Set(settings.channels.map((channel) => channel.id));
  const renamedFrom = new Set<string>();
  settings.channels.forEach((channel, index) => {
    if (channel.previousId !== undefined && channel.previousId !== channel.id && ids.has(channel.previousId)) {
      problems.push({ path: `/channels/${index}/previousId`, message: `"${channel.previousId}" is still in the list: previousId names the channel this one was renamed from` });
      return;
    }
    if (channel.previousId !== undefined && renamedFrom.has(channel.previousId)) {
      problems.push({ path: `/channels/${index}/previousId`, message: `another channel is already renamed from "${channel.previousId}": one channel can be renamed once` });
      return;
    }
    if (channel.previousId !== undefined) renamedFrom.add(channel.previousId);
    const previous = storedChannelOf(channel, stored);
    for (const field of CHANNEL_SECRET_FIELDS) {
      if (channel[field] !== ALERT_SECRET_PLACEHOLDER) continue;
      const at = `/channels/${index}/${field}`;
      if (!previous?.[field]) {
        const renamed = channel.previousId !== undefined ? ` (renamed from "${channel.previousId}")` : ' (a renamed channel names its old id in "previousId")';
        problems.push({ path: at, message: `${ALERT_SECRET_PLACEHOLDER} stands for a saved ${field}, but channel "${channel.id}"${renamed} has none saved: type it` });
      } else if (previous.kind !== channel.kind || receiverOrigin(previous) !== receiverOrigin(channel)) {
        problems.push({ path: at, message: `the channel now sends to ${receiverOrigin(channel) ?? "another place"} (it sent to ${receiverOrigin(previous) ?? "another place"}): type the ${field} again, so a saved secret never goes somewhere new unseen` });
      }
    }
  });
  return problems;
}

function restoreChannel(channel: AlertChannel, stored: readonly AlertChannel[]): AlertChannel {
  const { previousId: _, ...copy } = channel;
  const previous = storedChannelOf(channel, stored);
  for (const field of CHANNEL_SECRET_FIELDS) {
    if (copy[field] === ALERT_SECRET_PLACEHOLDER && previous?.[field]) copy[field] = previous[field];
  }
  return copy;
}

/** What the schema cannot say: unique ids, and what each kind of channel needs. */
export function settingsProblems(settings: AlertSettings): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  settings.channels.forEach((channel, index) => {
    const at = `/channels/${index}`;
    if (seen.has(channel.id)) problems.push({ path: `${at}/id`, message: `"${channel.id}" is used by another channel: give each its own id` });
    seen.add(channel.id);
    if (channel.kind !== "telegram" && !channel.url) problems.push({ path: `${at}/url`, message: `a ${channel.kind} channel needs the http(s) URL to post to` });
    const refused = channel.url ? urlRefusal(channel.url) : null;
    if (refused) problems.push({ path: `${at}/url`, message: refused });
    if (channel.kind === "telegram") {
      if (!channel.botToken) problems.push({ path: `${at}/botToken`, message: "a telegram channel needs the bot's token (from @BotFather)" });
      if (!channel.chatIds?.length) problems.push({ path: `${at}/chatIds`, message: "a telegram channel needs at least one chat id" });
    }
  });
  return problems;
}
