// The SQLite connection under the store: opening (WAL, foreign keys, numbered migrations applied on
// open), cached prepared statements, the write guard that turns SQLite failures into STORAGE_FAILED, and
// transactions. The row modules beside this file hold every SQL statement; nothing outside src/store
// sees the better-sqlite3 handle.
import Database from "better-sqlite3";
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PeerlabError } from "../../errors.js";
import type { Clock } from "../../util/index.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../migrations/index.js";
import type { StoreOptions } from "../store.js";

export type Row = Record<string, unknown>;

/** What a row module is given: statements, the write guard, transactions and the clock. */
export interface Sql {
  stmt(sql: string): Database.Statement;
  /** Run a write, translating SQLite failures into STORAGE_FAILED. */
  write<T>(op: string, fn: () => T): T;
  transaction<T>(fn: () => T): T;
  /** The store clock's time as ISO text. */
  now(): string;
}

/**
 * SQLite opens a file it may not write read-only without a word, and the first write then fails deep
 * inside a run; say so at open instead, naming the file.
 */
function checkWritable(file: string): void {
  if (!existsSync(file)) return;
  try {
    accessSync(file, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EROFS" ? "the file system is read-only" : code === "EACCES" || code === "EPERM" ? "permission denied" : (e as Error).message;
    throw new PeerlabError("STORAGE_FAILED", `cannot open database ${file} for writing: ${why} (${code ?? "error"})`);
  }
}

export class SqliteConnection implements Sql {
  readonly db: Database.Database;
  readonly file: string;
  private readonly clock: Clock;
  private readonly beforeWrite?: (op: string) => void;
  private readonly stmts = new Map<string, Database.Statement>();
  /** One transaction function, made once: better-sqlite3 builds four wrappers per `db.transaction` call. */
  private readonly inTransaction: Database.Transaction<(fn: () => unknown) => unknown>;

  private constructor(db: Database.Database, file: string, opts: StoreOptions) {
    this.db = db;
    this.file = file;
    this.clock = opts.clock;
    this.beforeWrite = opts.beforeWrite;
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
  }

  static open(file: string, opts: StoreOptions): SqliteConnection {
    const readonly = opts.readonly ?? false;
    let db: Database.Database;
    try {
      if (file !== ":memory:" && !readonly) {
        mkdirSync(dirname(file), { recursive: true });
        checkWritable(file);
      }
      db = new Database(file, { readonly, fileMustExist: readonly });
    } catch (e) {
      if (e instanceof PeerlabError) throw e;
      throw new PeerlabError("STORAGE_FAILED", `cannot open database ${file}: ${(e as Error).message}`);
    }
    try {
      // Other processes may write the same file: a write waits this long for theirs before failing.
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 30_000))}`);
      if (!readonly) {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = NORMAL");
      }
      db.pragma("foreign_keys = ON");
      const conn = new SqliteConnection(db, file, opts);
      conn.migrate(readonly);
      // Read-only at the SQLite level, and query-only on top: no statement can write, not even by mistake.
      if (readonly) db.pragma("query_only = ON");
      return conn;
    } catch (e) {
      db.close();
      if (e instanceof PeerlabError) throw e;
      throw new PeerlabError("STORAGE_FAILED", `cannot open database ${file}: ${(e as Error).message}`);
    }
  }

  private migrate(readonly: boolean): void {
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION) {
      throw new PeerlabError(
        "STORAGE_FAILED",
        `database ${this.file} has schema version ${current}, newer than this peerlab (${SCHEMA_VERSION}); upgrade peerlab`,
      );
    }
    if (current === SCHEMA_VERSION) return;
    if (readonly) {
      throw new PeerlabError(
        "STORAGE_FAILED",
        `database ${this.file} has schema version ${current} and is opened read-only; open it once writable to migrate to ${SCHEMA_VERSION}`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      // IMMEDIATE, and the version read again inside: another process may have migrated meanwhile.
      this.db
        .transaction(() => {
          if ((this.db.pragma("user_version", { simple: true }) as number) >= m.version) return;
          this.db.exec(m.sql);
          this.db.pragma(`user_version = ${m.version}`);
        })
        .immediate();
    }
  }

  get schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  /** Bytes the database holds once its write-ahead log is folded in. */
  storageBytes(): number {
    if (!this.db.readonly) this.db.pragma("wal_checkpoint(TRUNCATE)");
    return (this.db.pragma("page_count", { simple: true }) as number) * (this.db.pragma("page_size", { simple: true }) as number);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  write<T>(op: string, fn: () => T): T {
    try {
      this.beforeWrite?.(op);
      return fn();
    } catch (e) {
      if (e instanceof PeerlabError) throw e;
      throw this.storageError(op, e);
    }
  }

  private storageError(op: string, e: unknown): PeerlabError {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) {
      return new PeerlabError(
        "STORAGE_FAILED",
        `another process holds the database ${this.file}: a write (${op}) waited ${this.db.pragma("busy_timeout", { simple: true })} ms for it`,
        { op, code, busy: true },
      );
    }
    return new PeerlabError("STORAGE_FAILED", `cannot write to the database ${this.file} (${op}): ${(e as Error).message}`, {
      op,
      code: typeof code === "string" ? code : null,
    });
  }

  transaction<T>(fn: () => T): T {
    // Past `fn`, what fails is the COMMIT (or the seam standing in for it).
    let committing = false;
    const body = () => {
      const value = fn();
      committing = true;
      this.beforeWrite?.("commit");
      return value;
    };
    try {
      // IMMEDIATE: take the write lock at BEGIN, where SQLite waits for another process's write; a
      // deferred transaction that reads first fails at once with "database is locked" when it upgrades.
      // A read-only connection cannot take the write lock: its transactions are deferred, a consistent
      // snapshot to read from (db copy's source).
      return (this.db.readonly ? this.inTransaction.deferred(body) : this.inTransaction.immediate(body)) as T;
    } catch (e) {
      if (e instanceof Database.SqliteError) throw this.storageError(committing ? "commit" : "transaction", e);
      throw e;
    }
  }
}
