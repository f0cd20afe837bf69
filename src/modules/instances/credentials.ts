// Which Telegram logins an instance's config uses, as hashes: two instances must never run with the same one
// (Telegram revokes a session used from two connections at once: AuthKeyDuplicated). Secrets never leave this file.
import { createHash } from "node:crypto";
import type { ConfigStore } from "../config/store";
import { getOwn, isPlainObject } from "../config/safe-object";

export interface Credential {
  /** What a person is told: "bot token", "session string", "sender plugin's bot token" … */
  label: string;
  hash: string;
}

const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

function loginCredentials(login: unknown, prefix: string): Credential[] {
  if (!isPlainObject(login)) return [];
  const userType = getOwn(login, "user_type");
  const [key, label] = userType === 1 ? ["SESSION_STRING", "session string"] : ["BOT_TOKEN", "bot token"];
  const secret = getOwn(login, key);
  return typeof secret === "string" && secret.trim() !== "" ? [{ label: prefix + label, hash: hashOf(secret.trim()) }] : [];
}

/** The logins the saved config makes tgcf use: its own, and the sender plugin's when that is on. */
export async function credentialsOf(config: ConfigStore): Promise<Credential[]> {
  const snapshot = await config.read().catch(() => null);
  if (!snapshot || snapshot.state === "invalid") return [];
  const root = snapshot.config as unknown as Record<string, unknown>;
  const own = loginCredentials(getOwn(root, "login"), "");
  const plugins = getOwn(root, "plugins");
  const sender = isPlainObject(plugins) ? getOwn(plugins, "sender") : undefined;
  const senderOn = isPlainObject(sender) && getOwn(sender, "check") === true;
  return senderOn ? [...own, ...loginCredentials(sender, "sender plugin's ")] : own;
}

/** The first credential both lists hold (compared by hash), or null. */
export function sharedCredential(mine: readonly Credential[], theirs: readonly Credential[]): Credential | null {
  return mine.find((credential) => theirs.some((other) => other.hash === credential.hash)) ?? null;
}

/** What the saved login says about the account, without any secret: bot or user, and its username when saved. */
export async function accountOf(config: ConfigStore): Promise<{ type: "bot" | "user"; name: string | null } | null> {
  const snapshot = await config.read().catch(() => null);
  if (!snapshot || snapshot.state === "invalid") return null;
  const login = getOwn(snapshot.config as unknown as Record<string, unknown>, "login");
  if (!isPlainObject(login)) return null;
  const username = getOwn(login, "USERNAME");
  return { type: getOwn(login, "user_type") === 1 ? "user" : "bot", name: typeof username === "string" && username.trim() !== "" ? username.trim() : null };
}
