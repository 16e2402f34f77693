// The SQLite store: one file (WAL, foreign keys, numbered migrations applied on open) behind the `Store`
// interface. The connection is in sqlite/connection.ts and every statement in the row module of its
// table under sqlite/; this file only puts them together.
import type Database from "better-sqlite3";
import { SqliteConnection } from "./sqlite/connection.js";
import { sqliteAttemptRows, sqliteEpisodeRows } from "./sqlite/episodes.js";
import { sqliteEventRows } from "./sqlite/events.js";
import { sqliteFixtureRows } from "./sqlite/fixtures.js";
import { sqliteJudgmentRows } from "./sqlite/judgments.js";
import { sqliteRecordRows } from "./sqlite/record-rows.js";
import { sqliteClaimRows } from "./sqlite/claim-rows.js";
import { sqliteLedger } from "./sqlite/ledger-rows.js";
import { sqliteLimits } from "./sqlite/limits-rows.js";
import { sqliteCopyRows } from "./sqlite/copy-rows.js";
import { SqliteMemoryRows } from "./sqlite/memories.js";
import { sqliteModelCallRows } from "./sqlite/model-calls.js";
import { sqliteCellRows, sqliteRunRows } from "./sqlite/runs.js";
import { sqliteSearchRows } from "./sqlite/search.js";
import type { Store, StoreOptions } from "./store.js";

/** The handle behind each open SQLite store, for the test-only escape hatch in testing.ts alone. */
const handles = new WeakMap<Store, Database.Database>();

export function sqliteHandleOf(store: Store): Database.Database | undefined {
  return handles.get(store);
}

/** Open (creating and migrating as needed) a SQLite database file, or ":memory:". */
export function openSqliteStore(file: string, opts: StoreOptions): Store {
  const conn = SqliteConnection.open(file, opts);
  const episodes = sqliteEpisodeRows(conn);
  const store: Store = {
    file,
    get schemaVersion() {
      return conn.schemaVersion;
    },
    memories: new SqliteMemoryRows(conn),
    ledger: sqliteLedger(conn),
    limiter: sqliteLimits(conn),
    transaction: (fn) => conn.transaction(fn),
    storageBytes: () => conn.storageBytes(),
    close: () => conn.close(),
    ...sqliteRunRows(conn),
    ...sqliteCellRows(conn),
    ...episodes,
    ...sqliteAttemptRows(conn, episodes),
    ...sqliteEventRows(conn, { indexOnEnd: opts.searchIndex !== false }),
    ...sqliteModelCallRows(conn),
    ...sqliteJudgmentRows(conn),
    ...sqliteFixtureRows(conn),
    ...sqliteSearchRows(conn),
    ...sqliteRecordRows(conn),
    ...sqliteClaimRows(conn),
    ...sqliteCopyRows(conn),
  };
  handles.set(store, conn.db);
  return store;
}
