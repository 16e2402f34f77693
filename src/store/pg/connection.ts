// The PostgreSQL connection under the store: the synchronous bridge (bridge.ts) to one session, the
// numbered migrations applied on open under an advisory lock, the write guard that turns failures
// into STORAGE_FAILED, and transactions (nested ones as savepoints). The row modules beside this file
// hold every SQL statement.
import { PeerlabError } from "../../errors.js";
import type { Clock } from "../../util/index.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../migrations/index.js";
import type { Row } from "../rows.js";
import type { StoreOptions } from "../store.js";
import { PgBridge, PgBridgeError, type PgStatement } from "./bridge.js";
import { PG_MIGRATIONS } from "./migrations/index.js";
import { parsePgUrl, type PgTarget } from "../../util/index.js";

/** The oldest PostgreSQL this store is tested on and supports. */
export const MIN_SERVER_VERSION = 150000;

/** An arbitrary fixed key: sessions migrating the same database take turns on it. */
const MIGRATION_LOCK = 7_303_021_501;

/** What a row module is given: queries, the write guard, transactions and the clock. */
export interface PgSql {
  /** Rows of one read statement. */
  all(text: string, values?: readonly unknown[]): Row[];
  get(text: string, values?: readonly unknown[]): Row | undefined;
  /** Run write statements in order (one round trip) with the write guard; returns their row counts. */
  write(op: string, statements: readonly PgStatement[]): number[];
  transaction<T>(fn: () => T): T;
  now(): string;
}

/** A server version too old for this store, in words (null when it is supported). */
export function unsupportedVersion(versionNum: number, version: string): string | null {
  return versionNum >= MIN_SERVER_VERSION
    ? null
    : `PostgreSQL ${version} is older than ${MIN_SERVER_VERSION / 10000}, the oldest release peerlab supports; upgrade the server`;
}

export class PgConnection implements PgSql {
  private depth = 0;
  private readonly clock: Clock;
  private readonly beforeWrite?: (op: string) => void;
  readonly readonly: boolean;

  private constructor(
    private readonly bridge: PgBridge,
    readonly target: PgTarget,
    opts: StoreOptions,
  ) {
    this.clock = opts.clock;
    this.beforeWrite = opts.beforeWrite;
    this.readonly = opts.readonly ?? false;
  }

  static open(url: string, opts: StoreOptions): PgConnection {
    const target = parsePgUrl(url);
    const setup = ["SET client_min_messages = warning"];
    if (opts.readonly) setup.push("SET default_transaction_read_only = on");
    if (opts.searchIndex === false) setup.push("SET peerlab.search_index = 'off'");
    const bridge = PgBridge.open({
      connectionString: url,
      connectTimeoutMs: 10_000,
      lockTimeoutMs: Math.max(1, Math.trunc(opts.busyTimeoutMs ?? 30_000)),
      replyTimeoutMs: Math.max(120_000, (opts.busyTimeoutMs ?? 30_000) * 2),
      setup,
      password: opts.password,
    });
    const conn = new PgConnection(bridge, target, opts);
    try {
      let version: Row | undefined;
      try {
        version = bridge.run([{ text: "SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS v" }])[0]!.rows[0];
      } catch (e) {
        throw conn.connectError(e);
      }
      const old = unsupportedVersion(Number(version?.num), String(version?.v));
      if (old) throw new PeerlabError("STORAGE_FAILED", `database ${target.host}/${target.database}: ${old}`);
      conn.migrate();
      return conn;
    } catch (e) {
      bridge.close();
      if (e instanceof PeerlabError) throw e;
      throw new PeerlabError("STORAGE_FAILED", `cannot open database ${target.host}/${target.database}: ${(e as Error).message}`);
    }
  }

  private connectError(e: unknown): PeerlabError {
    const code = e instanceof PgBridgeError ? e.code : null;
    const where = `${this.target.host}/${this.target.database}`;
    const why =
      code === "ECONNREFUSED"
        ? "connection refused (is the server running and listening there?)"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "no such host"
          : code === "28P01" || code === "28000"
            ? "authentication failed (the password comes from PGPASSWORD, ~/.pgpass or the PEERLAB_DB variable's URL)"
            : code === "3D000"
              ? "the database does not exist (create it with createdb)"
              : (e as Error).message;
    return new PeerlabError("STORAGE_FAILED", `cannot connect to PostgreSQL at ${where}: ${why}`, { code });
  }

  get file(): string {
    return `postgres://${this.target.host}/${this.target.database}`;
  }

  private migrate(): void {
    // The same versions as SQLite's list, in order (numbers are taken by parallel work, so one may be missing for a while).
    if (PG_MIGRATIONS.length !== MIGRATIONS.length || PG_MIGRATIONS.some((m, i) => m.version !== MIGRATIONS[i]!.version)) {
      throw new PeerlabError(
        "INTERNAL",
        `the PostgreSQL store ports migrations ${PG_MIGRATIONS.map((m) => m.version).join(", ")} but this peerlab's schema is at ${SCHEMA_VERSION}` +
          `: port the missing ones to src/store/pg/migrations`,
      );
    }
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION) {
      throw new PeerlabError(
        "STORAGE_FAILED",
        `database ${this.file} has schema version ${current}, newer than this peerlab (${SCHEMA_VERSION}); upgrade peerlab`,
      );
    }
    if (current === SCHEMA_VERSION) return;
    if (this.readonly) {
      throw new PeerlabError(
        "STORAGE_FAILED",
        `database ${this.file} has schema version ${current} and is opened read-only; open it once writable to migrate to ${SCHEMA_VERSION}`,
      );
    }
    // One transaction per migration, under an advisory lock, the version read again inside: another
    // process may have migrated meanwhile.
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      this.transaction(() => {
        this.bridge.run([
          { text: "SELECT pg_advisory_xact_lock($1)", values: [MIGRATION_LOCK] },
          { text: "CREATE TABLE IF NOT EXISTS peerlab_schema (version INTEGER NOT NULL)" },
        ]);
        if (this.readVersion() >= m.version) return;
        this.bridge.run([
          { text: m.sql },
          { text: "DELETE FROM peerlab_schema" },
          { text: "INSERT INTO peerlab_schema (version) VALUES ($1)", values: [m.version] },
        ]);
      });
    }
  }

  private readVersion(): number {
    const r = this.bridge.run([{ text: "SELECT to_regclass('peerlab_schema') IS NOT NULL AS present" }])[0]!.rows[0];
    if (!r?.present) return 0;
    return Number(this.bridge.run([{ text: "SELECT COALESCE(MAX(version), 0) AS v FROM peerlab_schema" }])[0]!.rows[0]?.v ?? 0);
  }

  get schemaVersion(): number {
    return this.readVersion();
  }

  storageBytes(): number {
    return Number(this.get("SELECT pg_database_size(current_database()) AS n")?.n ?? 0);
  }

  close(): void {
    this.bridge.close();
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  all(text: string, values: readonly unknown[] = []): Row[] {
    try {
      return this.bridge.run([{ text, values }])[0]!.rows;
    } catch (e) {
      throw this.storageError("read", e);
    }
  }

  get(text: string, values: readonly unknown[] = []): Row | undefined {
    return this.all(text, values)[0];
  }

  write(op: string, statements: readonly PgStatement[]): number[] {
    try {
      this.beforeWrite?.(op);
      return this.bridge.run(statements).map((r) => r.rowCount);
    } catch (e) {
      throw this.storageError(op, e);
    }
  }

  private storageError(op: string, e: unknown): PeerlabError {
    if (e instanceof PeerlabError) return e;
    const code = e instanceof PgBridgeError ? e.code : null;
    if (code === "55P03" || code === "40P01") {
      return new PeerlabError(
        "STORAGE_FAILED",
        `another session holds rows of the database ${this.file}: a write (${op}) waited for it and gave up (${code})`,
        { op, code, busy: true },
      );
    }
    return new PeerlabError("STORAGE_FAILED", `cannot write to the database ${this.file} (${op}): ${(e as Error).message}`, { op, code });
  }

  /**
   * Run `fn` in one PostgreSQL transaction (READ COMMITTED; the claims lock the rows they decide on).
   * A nested call is a savepoint, as better-sqlite3's nested transactions are.
   */
  transaction<T>(fn: () => T): T {
    const outer = this.depth === 0;
    const name = `peerlab_sp${this.depth}`;
    this.control(outer ? "BEGIN" : `SAVEPOINT ${name}`, "transaction");
    this.depth++;
    let value: T;
    try {
      value = fn();
      if (outer) this.beforeWrite?.("commit");
    } catch (e) {
      this.depth--;
      try {
        this.bridge.run([{ text: outer ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${name}` }]);
        if (!outer) this.bridge.run([{ text: `RELEASE SAVEPOINT ${name}` }]);
      } catch {
        // the connection is gone: the server rolls the transaction back itself
      }
      throw e;
    }
    this.depth--;
    this.control(outer ? "COMMIT" : `RELEASE SAVEPOINT ${name}`, outer ? "commit" : "transaction");
    return value;
  }

  private control(text: string, op: string): void {
    try {
      this.bridge.run([{ text }]);
    } catch (e) {
      throw this.storageError(op, e);
    }
  }
}
