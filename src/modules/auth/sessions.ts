// Browser sessions behind the HttpOnly cookie. Only hashes are kept, on disk so a server restart keeps users signed in.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "../../utils/timing-safe";
import { serverStateDir } from "../../utils/server-state-dir";
import { writeFileAtomically } from "../../utils/atomic-write";

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const MAX_SESSIONS = 100;
const SESSION_ID_BYTES = 32;
const SESSIONS_FILE_NAME = "sessions.json";

interface StoredSession {
  hash: string;
  expiresAt: number;
}

interface SessionsFile {
  /** Sessions belong to one token: changing the token signs everybody out. */
  tokenFingerprint: string;
  sessions: StoredSession[];
}

export class SessionStore {
  private sessions = new Map<string, number>();
  private readonly path: string;
  private readonly tokenFingerprint: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(dataDir: string, token: string, private readonly now: () => number = Date.now) {
    this.path = join(serverStateDir(dataDir), SESSIONS_FILE_NAME);
    this.tokenFingerprint = sha256Hex("session-owner:" + token);
    this.load();
  }

  /** Creates a session and returns its id (the cookie value). */
  async create(): Promise<string> {
    const id = randomBytes(SESSION_ID_BYTES).toString("base64url");
    this.prune();
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = [...this.sessions.entries()].sort((a, b) => a[1] - b[1])[0];
      if (oldest) this.sessions.delete(oldest[0]);
    }
    this.sessions.set(sha256Hex(id), this.now() + SESSION_TTL_MS);
    await this.save();
    return id;
  }

  /** Hash lookup, so timing reveals nothing about stored ids. */
  isValid(id: string): boolean {
    const expiresAt = this.sessions.get(sha256Hex(id));
    return expiresAt !== undefined && expiresAt > this.now();
  }

  async revoke(id: string): Promise<void> {
    if (this.sessions.delete(sha256Hex(id))) await this.save();
  }

  private prune(): void {
    const now = this.now();
    for (const [hash, expiresAt] of this.sessions) if (expiresAt <= now) this.sessions.delete(hash);
  }

  private load(): void {
    if (!existsSync(this.path)) return;
    try {
      const file = JSON.parse(readFileSync(this.path, "utf8")) as SessionsFile;
      if (file.tokenFingerprint !== this.tokenFingerprint || !Array.isArray(file.sessions)) return;
      for (const session of file.sessions) {
        if (typeof session.hash === "string" && typeof session.expiresAt === "number") this.sessions.set(session.hash, session.expiresAt);
      }
      this.prune();
    } catch (error) {
      console.error(`auth: ignoring unreadable ${this.path}: ${(error as Error).message}`);
    }
  }

  private save(): Promise<void> {
    const file: SessionsFile = {
      tokenFingerprint: this.tokenFingerprint,
      sessions: [...this.sessions].map(([hash, expiresAt]) => ({ hash, expiresAt })),
    };
    this.writes = this.writes.then(() => writeFileAtomically(this.path, JSON.stringify(file), { mode: 0o600 }));
    return this.writes;
  }
}
