// Each SQLite connection's statements, prepared once: the claims and the shared limiter run a few
// statements before and after every model call, and preparing one costs more than running it.
import type Database from "better-sqlite3";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The statement for `text` on `db`, prepared on first use and kept as long as the connection lives. */
export function prepared(db: Database.Database, text: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    statement = db.prepare(text);
    statements.set(text, statement);
  }
  return statement;
}
