// The shared limiter's rows (../limits.ts) on a SQLite connection: its writes fail as STORAGE_FAILED like any other.
import * as limits from "../limits.js";
import type { SqliteConnection } from "./connection.js";

export function sqliteLimits(conn: SqliteConnection): limits.LimitRows {
  return {
    acquire: (req) => conn.write("limit", () => limits.acquire(conn.db, req)),
    release: (id, now, end) => conn.write("limit", () => limits.release(conn.db, id, now, end)),
    block: (b) => conn.write("limit", () => limits.block(conn.db, b)),
  };
}
