// Databases recorded once per `vitest run` and shared by every test file that needs them (the golden
// run behind the report tests, the viewer's fixture): the first file to ask records the run into the
// run's shared folder (test/support/global-setup.ts), the others wait for it, and each gets its own
// copy, so a test may change its copy. Recorded on first use, not in the global setup, so a run of
// files that need none of them pays nothing.
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

/** How long a file waits for another file's recording before it gives up. */
const WAIT_MS = 240_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A fresh copy of the shared database `name` (at `into`, or in a new folder), recorded by `record(file)` the
 * first time any test file of this run asks for it. `record` must leave `file` closed (everything in the
 * main file, no write-ahead log).
 */
export async function sharedDb(name: string, record: (file: string) => Promise<void>, into?: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`a shared database's name is lowercase letters, digits and dashes: ${JSON.stringify(name)}`);
  const shared = inject("sharedRuns");
  const db = join(shared, `${name}.db`);
  if (!existsSync(db)) await recordOnce(db, record);
  const copy = into ?? join(mkdtempSync(join(shared, `${name}-copy-`)), `${name}.db`);
  copyFileSync(db, copy);
  return copy;
}

async function recordOnce(db: string, record: (file: string) => Promise<void>): Promise<void> {
  let lock: number;
  try {
    lock = openSync(`${db}.lock`, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // Another test file is recording it: wait, bounded.
    for (let waited = 0; !existsSync(db); waited += POLL_MS) {
      if (existsSync(`${db}.failed`)) throw new Error(`another test file failed to record ${db}: ${readFileSync(`${db}.failed`, "utf8")}`);
      if (waited >= WAIT_MS) throw new Error(`waited ${WAIT_MS / 1000} s for another test file to record ${db}; did it fail? (see its error)`);
      await sleep(POLL_MS);
    }
    return;
  }
  try {
    const dir = mkdtempSync(`${db}-recording-`);
    const file = join(dir, "run.db");
    await record(file);
    if (existsSync(`${file}-wal`)) throw new Error(`the shared database ${file} still has a write-ahead log: close its store before returning`);
    // Whole or not at all: the others see the database only once it is complete.
    renameSync(file, db);
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    writeFileSync(`${db}.failed`, e instanceof Error ? e.message : String(e));
    throw e;
  } finally {
    closeSync(lock);
  }
}
