// The PostgreSQL store: one server database behind the `Store` interface, reached through a worker
// thread that holds the connection (pg/bridge.ts); the connection is in pg/connection.ts and every
// statement in the row module of its table under pg/. This file only puts them together.
import { pgClaimRows } from "./pg/claims.js";
import { PgConnection } from "./pg/connection.js";
import { pgCopyRows } from "./pg/copy-rows.js";
import { pgAttemptRows, pgEpisodeRows } from "./pg/episodes.js";
import { pgEventRows, pgJudgmentRows, pgModelCallRows } from "./pg/events.js";
import { pgFixtureRows } from "./pg/fixtures.js";
import { pgLedger } from "./pg/ledger.js";
import { pgLimits } from "./pg/limits.js";
import { PgMemoryRows } from "./pg/memories.js";
import { pgRecordRows } from "./pg/record-rows.js";
import { pgCellRows, pgRunRows } from "./pg/runs.js";
import { pgSearchRows } from "./pg/search.js";
import type { Store, StoreOptions } from "./store.js";

/** Open (migrating as needed) the PostgreSQL database a `postgres://` URL names. */
export function openPgStore(url: string, opts: StoreOptions): Store {
  const conn = PgConnection.open(url, opts);
  return {
    file: conn.file,
    get schemaVersion() {
      return conn.schemaVersion;
    },
    memories: new PgMemoryRows(conn),
    ledger: pgLedger(conn),
    limiter: pgLimits(conn),
    transaction: (fn) => conn.transaction(fn),
    storageBytes: () => conn.storageBytes(),
    close: () => conn.close(),
    ...pgRunRows(conn),
    ...pgCellRows(conn),
    ...pgEpisodeRows(conn),
    ...pgAttemptRows(conn),
    ...pgEventRows(conn),
    ...pgModelCallRows(conn),
    ...pgJudgmentRows(conn),
    ...pgFixtureRows(conn),
    ...pgSearchRows(conn),
    ...pgRecordRows(conn),
    ...pgClaimRows(conn),
    ...pgCopyRows(conn),
  };
}
