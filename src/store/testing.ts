// TEST ONLY. The raw SQLite handle of a store, for tests that must forge or inspect rows the `Store`
// interface has no method for (a corrupted key, a pragma). Nothing in src/ or bench/ imports this file;
// code that needs something of the database asks the `Store` interface for it.
import type Database from "better-sqlite3";
import { sqliteHandleOf } from "./sqlite-store.js";
import type { Store } from "./store.js";

export function rawDatabaseForTests(store: Store): Database.Database {
  const db = sqliteHandleOf(store);
  if (!db) throw new Error("rawDatabaseForTests: not a SQLite store");
  return db;
}
