// Which connection (forwards[i] of tgcf's config) a chat's counts belong to.
import { chatIdOf } from "./activity-line";
import { INSTANCE_KEY } from "./counters";

/** What the activity needs of a connection; tgcf's config model has more. */
export interface ForwardLike {
  con_name?: unknown;
  use_this?: unknown;
  source?: unknown;
  end?: unknown;
}

export interface Connection {
  index: number;
  name: string;
  enabled: boolean;
  /** The source as written in the config. */
  source: string;
  /** The source's numeric chat id, or null when it is a @username or a link. */
  chatId: string | null;
  /** Past mode's last message id, or null when there is none (null or 0). */
  end: number | null;
}

export interface ConnectionMap {
  connections: Connection[];
  /** The connection index a chat's counts go to, or undefined: "other". */
  indexOf(chat: string): number | undefined;
}

/**
 * The connections and the chat → connection rule. tgcf logs the numeric id it resolved for each source, so a source
 * written as a numeric id matches (numbers compare as numbers); one written as @username or a link cannot be matched
 * without asking Telegram, and its counts are reported under "other". A chat that is the source of several
 * connections counts for the first enabled one (tgcf forwards it once, through a single entry of its from→to map).
 */
export function connectionMap(forwards: readonly ForwardLike[]): ConnectionMap {
  const connections = forwards.map((forward, index): Connection => {
    const source = typeof forward.source === "number" || typeof forward.source === "string" ? String(forward.source) : "";
    const end = typeof forward.end === "number" && forward.end > 0 ? forward.end : null;
    return { index, name: typeof forward.con_name === "string" ? forward.con_name : "", enabled: forward.use_this !== false, source, chatId: chatIdOf(forward.source), end };
  });
  const byChat = new Map<string, number>();
  for (const connection of [...connections.filter((c) => c.enabled), ...connections.filter((c) => !c.enabled)]) {
    if (connection.chatId !== null && !byChat.has(connection.chatId)) byChat.set(connection.chatId, connection.index);
  }
  return { connections, indexOf: (chat) => (chat === INSTANCE_KEY ? undefined : byChat.get(chat)) };
}
