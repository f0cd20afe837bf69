// Browser sessions behind the HttpOnly cookie. Only hashes are kept, on disk so a server restart keeps users signed in.
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "../../utils/timing-safe";
import { SERVER_STATE_DIR_MODE, serverStateDir } from "../../utils/server-state-dir";
import { writeFileAtomically, writeFileAtomicallySync } from "../../utils/atomic-write";
import { ensureRealDir, readFileNoFollowSync } from "../../utils/safe-fs";
import { WriteQueue } from "../../utils/write-queue";

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const MAX_SESSIONS = 100;
export const SESSIONS_FILE_NAME = "sessions.json";
const SESSIONS_FILE_MODE = 0o600;
const SESSION_ID_BYTES = 32;

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
  private readonly writes = new WriteQueue();

  /** Throws RefusedPathError when <dataDir>/.tgcf-server is a symbolic link. */
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

  // A symbolic link at the file is refused like any unreadable file; the next save replaces the link itself.
  private load(): void {
    let file: SessionsFile | null;
    try {
      file = JSON.parse(readFileNoFollowSync(this.path).toString("utf8")) as SessionsFile | null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") console.error(`auth: ignoring unreadable ${this.path}: ${(error as Error).message}`);
      return;
    }
    if (file?.tokenFingerprint !== this.tokenFingerprint) {
      this.forgetOtherTokenSessions();
      return;
    }
    if (!Array.isArray(file.sessions)) return;
    for (const session of file.sessions) {
      if (typeof session.hash === "string" && typeof session.expiresAt === "number") this.sessions.set(session.hash, session.expiresAt);
    }
    this.prune();
  }

  // Left on disk, they would be valid again if the token were changed back.
  private forgetOtherTokenSessions(): void {
    try {
      writeFileAtomicallySync(this.path, this.fileText(), { mode: SESSIONS_FILE_MODE });
    } catch (error) {
      console.error(`auth: could not remove the sessions of the previous token from ${this.path} (${(error as Error).message}): the next sign-in does`);
    }
  }

  /** The failure of one write reaches its caller only: the next write runs as usual. */
  private save(): Promise<void> {
    const text = this.fileText();
    return this.writes.run(async () => {
      // The directory may have been replaced by a link since the start: refused (RefusedPathError), not written through.
      ensureRealDir(dirname(this.path), SERVER_STATE_DIR_MODE);
      await writeFileAtomically(this.path, text, { mode: SESSIONS_FILE_MODE });
    });
  }

  private fileText(): string {
    const file: SessionsFile = {
      tokenFingerprint: this.tokenFingerprint,
      sessions: [...this.sessions].map(([hash, expiresAt]) => ({ hash, expiresAt })),
    };
    return JSON.stringify(file);
  }
}
