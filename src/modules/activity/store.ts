// The activity history in SQLite: counts per chat per minute (48 h) and per hour (90 days), all-time totals, and the
// last arrival times per chat (for stall detection). Written in batches by the recorder; read by the service.
import { Database } from "bun:sqlite";
import { COUNTERS, columnOf, emptyVector, type CountVector } from "./counters";
import { HOUR_MS, HOUR_RETENTION_MS, MINUTE_MS, MINUTE_RETENTION_MS, slotOf, type Resolution } from "./buckets";
import { configure } from "./store-file";

/** The database is kept below this size: past it, the oldest slots go first. */
export const MAX_ACTIVITY_DB_BYTES = 64 * 1024 * 1024;
/** Arrival times kept per chat: their 100 gaps give the usual gap between two messages. */
export const ARRIVALS_KEPT = 101;
/** Each round of size enforcement drops this share of the oldest slots. */
const SIZE_TRIM_FRACTION = 0.1;
const MAX_SIZE_TRIM_ROUNDS = 20;
const SCHEMA_VERSION = 1;

const TABLES: Readonly<Record<Resolution, string>> = { minute: "minute_counts", hour: "hour_counts" };
const COLUMNS = COUNTERS.map(columnOf);
/** The counters that are messages, for the last message's time. */
const LAST_MESSAGE_COUNTERS = ["received", "edited", "deleted", "forwarded"] as const;
const COLUMN_DEFINITIONS = COLUMNS.map((column) => `${column} INTEGER NOT NULL DEFAULT 0`).join(", ");
const SUMS = COLUMNS.map((column) => `SUM(${column})`).join(", ");
const PLACEHOLDERS = COLUMNS.map(() => "?").join(", ");
const ADD_EXCLUDED = COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(", ");

export interface SlotCounts {
  /** Minute or hour number since the epoch. */
  slot: number;
  chat: string;
  vector: CountVector;
}

export interface FlushBatch {
  /** Minute slots. */
  counts: SlotCounts[];
  arrivals: Array<{ chat: string; at: number }>;
}

export class ActivityStore {
  private readonly upsertSlot: Record<Resolution, ReturnType<Database["prepare"]>>;
  private readonly upsertTotal: ReturnType<Database["prepare"]>;
  private readonly insertArrival: ReturnType<Database["prepare"]>;
  private readonly trimArrivals: ReturnType<Database["prepare"]>;
  private closed = false;

  constructor(private readonly database: Database) {
    createSchema(database);
    const upsert = (table: string, key: string) =>
      database.prepare(`INSERT INTO ${table} (${key}, ${COLUMNS.join(", ")}) VALUES (${key.split(",").map(() => "?").join(", ")}, ${PLACEHOLDERS}) ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED}`);
    this.upsertSlot = { minute: upsert(TABLES.minute, "slot, chat"), hour: upsert(TABLES.hour, "slot, chat") };
    this.upsertTotal = upsert("total_counts", "chat");
    this.insertArrival = database.prepare("INSERT INTO arrivals (chat, at) VALUES (?, ?)");
    this.trimArrivals = database.prepare(
      "DELETE FROM arrivals WHERE chat = ?1 AND at < (SELECT at FROM arrivals WHERE chat = ?1 ORDER BY at DESC LIMIT 1 OFFSET ?2)",
    );
  }

  /** A store that forgets everything at close (when the file cannot be used). */
  static inMemory(): ActivityStore {
    const database = new Database(":memory:");
    configure(database);
    return new ActivityStore(database);
  }

  /** Adds a batch of minute counts (and their hours and totals) and arrivals, in one transaction. */
  write(batch: FlushBatch): void {
    const hours = new Map<string, SlotCounts>();
    const totals = new Map<string, CountVector>();
    for (const { slot, chat, vector } of batch.counts) {
      const hour = slotOf(slot * MINUTE_MS, "hour");
      const hourKey = `${hour}|${chat}`;
      let hourCounts = hours.get(hourKey);
      if (!hourCounts) hours.set(hourKey, (hourCounts = { slot: hour, chat, vector: emptyVector() }));
      let total = totals.get(chat);
      if (!total) totals.set(chat, (total = emptyVector()));
      for (let index = 0; index < COUNTERS.length; index++) {
        hourCounts.vector[index]! += vector[index]!;
        total[index]! += vector[index]!;
      }
    }
    const trimmedChats = new Set(batch.arrivals.map((arrival) => arrival.chat));
    this.database.transaction(() => {
      for (const { slot, chat, vector } of batch.counts) this.upsertSlot.minute.run(slot, chat, ...vector);
      for (const { slot, chat, vector } of hours.values()) this.upsertSlot.hour.run(slot, chat, ...vector);
      for (const [chat, vector] of totals) this.upsertTotal.run(chat, ...vector);
      for (const { chat, at } of batch.arrivals) this.insertArrival.run(chat, at);
      for (const chat of trimmedChats) this.trimArrivals.run(chat, ARRIVALS_KEPT - 1);
    })();
  }

  /** Drops minute slots older than 48 hours, hour slots and arrivals older than 90 days. */
  prune(now: number): void {
    this.database.transaction(() => {
      this.database.query(`DELETE FROM ${TABLES.minute} WHERE slot < ?`).run(slotOf(now - MINUTE_RETENTION_MS, "minute"));
      this.database.query(`DELETE FROM ${TABLES.hour} WHERE slot < ?`).run(slotOf(now - HOUR_RETENTION_MS, "hour"));
      this.database.query("DELETE FROM arrivals WHERE at < ?").run(now - HOUR_RETENTION_MS);
    })();
  }

  /** Bytes the database uses (its pages; the WAL is bounded apart). */
  sizeBytes(): number {
    const pages = Number(this.database.query("PRAGMA page_count").values()[0]?.[0] ?? 0);
    const pageSize = Number(this.database.query("PRAGMA page_size").values()[0]?.[0] ?? 0);
    return pages * pageSize;
  }

  /** While larger than `maxBytes`, drops the oldest tenth of the hour slots and of the minute slots; returns the rounds. */
  enforceSizeLimit(maxBytes = MAX_ACTIVITY_DB_BYTES): number {
    let rounds = 0;
    while (this.sizeBytes() > maxBytes && rounds < MAX_SIZE_TRIM_ROUNDS) {
      rounds++;
      for (const table of Object.values(TABLES)) {
        this.database.exec(
          `DELETE FROM ${table} WHERE slot <= (SELECT MIN(slot) + CAST((MAX(slot) - MIN(slot)) * ${SIZE_TRIM_FRACTION} AS INTEGER) FROM ${table})`,
        );
      }
      this.database.exec("PRAGMA incremental_vacuum");
    }
    return rounds;
  }

  /** Counts per chat from `fromSlot` on (inclusive). */
  sumsSince(resolution: Resolution, fromSlot: number): Map<string, CountVector> {
    const rows = this.database.query(`SELECT chat, ${SUMS} FROM ${TABLES[resolution]} WHERE slot >= ? GROUP BY chat`).values(fromSlot);
    return vectorsByChat(rows);
  }

  /** All-time counts per chat (never pruned). */
  totals(): Map<string, CountVector> {
    return vectorsByChat(this.database.query(`SELECT chat, ${COLUMNS.join(", ")} FROM total_counts`).values());
  }

  /** Rows of slots in [fromSlot, toSlot). */
  slots(resolution: Resolution, fromSlot: number, toSlot: number): SlotCounts[] {
    const rows = this.database.query(`SELECT slot, chat, ${COLUMNS.join(", ")} FROM ${TABLES[resolution]} WHERE slot >= ? AND slot < ?`).values(fromSlot, toSlot);
    return rows.map((row) => ({ slot: Number(row[0]), chat: String(row[1]), vector: Float64Array.from(row.slice(2), Number) }));
  }

  /** Per chat: the first hour a message was received in (within 90 days) and how many were received since. */
  receivedHistory(): Map<string, { firstMs: number; received: number }> {
    const rows = this.database.query(`SELECT chat, MIN(slot), SUM(received) FROM ${TABLES.hour} WHERE received > 0 GROUP BY chat`).values();
    return new Map(rows.map((row) => [String(row[0]), { firstMs: Number(row[1]) * HOUR_MS, received: Number(row[2]) }]));
  }

  /**
   * Per chat, the start of the latest slot holding a message (received, edited, deleted or forwarded): what the last
   * message's time is after a restart, to the minute within 48 hours and to the hour before.
   */
  lastMessageSlots(): Map<string, number> {
    const anyMessage = LAST_MESSAGE_COUNTERS.map(columnOf).join(" + ");
    const latest = new Map<string, number>();
    for (const resolution of ["hour", "minute"] as const) {
      const rows = this.database.query(`SELECT chat, MAX(slot) FROM ${TABLES[resolution]} WHERE ${anyMessage} > 0 GROUP BY chat`).values();
      for (const [chat, slot] of rows) {
        const at = Number(slot) * (resolution === "hour" ? HOUR_MS : MINUTE_MS);
        latest.set(String(chat), Math.max(latest.get(String(chat)) ?? 0, at));
      }
    }
    return latest;
  }

  /** The kept arrival times per chat, oldest first. */
  arrivals(): Map<string, number[]> {
    const byChat = new Map<string, number[]>();
    for (const [chat, at] of this.database.query("SELECT chat, at FROM arrivals ORDER BY at").values()) {
      const key = String(chat);
      let list = byChat.get(key);
      if (!list) byChat.set(key, (list = []));
      list.push(Number(at));
    }
    return byChat;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.database.close();
  }
}

function createSchema(database: Database): void {
  database.exec(`CREATE TABLE IF NOT EXISTS ${TABLES.minute} (slot INTEGER NOT NULL, chat TEXT NOT NULL, ${COLUMN_DEFINITIONS}, PRIMARY KEY (slot, chat)) WITHOUT ROWID`);
  database.exec(`CREATE TABLE IF NOT EXISTS ${TABLES.hour} (slot INTEGER NOT NULL, chat TEXT NOT NULL, ${COLUMN_DEFINITIONS}, PRIMARY KEY (slot, chat)) WITHOUT ROWID`);
  database.exec(`CREATE TABLE IF NOT EXISTS total_counts (chat TEXT NOT NULL PRIMARY KEY, ${COLUMN_DEFINITIONS}) WITHOUT ROWID`);
  database.exec("CREATE TABLE IF NOT EXISTS arrivals (chat TEXT NOT NULL, at INTEGER NOT NULL)");
  database.exec("CREATE INDEX IF NOT EXISTS arrivals_by_chat ON arrivals (chat, at)");
  database.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}

function vectorsByChat(rows: unknown[][]): Map<string, CountVector> {
  return new Map(rows.map((row) => [String(row[0]), Float64Array.from(row.slice(1), (value) => Number(value ?? 0))]));
}
