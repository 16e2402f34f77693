// The demo run recorded once per `vitest run` (test/support/global-setup.ts), as a fresh copy a test
// may change: `peerlab demo --db <dir>/peerlab.db` without running the demo again.
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

/** Copy the shared demo database into `dir` (as `name`) and return its path. */
export function demoDbIn(dir: string, name = "peerlab.db"): string {
  const shared = inject("demoDb");
  // The store closes its database when the demo ends, so everything is in the main file; a leftover
  // write-ahead log would mean the copy could miss rows.
  if (existsSync(`${shared}-wal`)) throw new Error(`the shared demo database still has a write-ahead log: ${shared}-wal`);
  const db = join(dir, name);
  copyFileSync(shared, db);
  return db;
}
