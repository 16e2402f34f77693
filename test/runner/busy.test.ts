// Another process holding the database: a write waits for it (a bounded time, PEERLAB_BUSY_TIMEOUT_MS
// here, 30 s by default), and only when the wait runs out does the run stop, saying that another
// process holds the database, not that the disk is full.
import { readdirSync, readlinkSync, realpathSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { peerlab } from "../support/cli.js";
import { crashSpec, startCli, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";

function holdWriteLock(db: string): Database.Database {
  const d = new Database(db);
  d.pragma("journal_mode = WAL");
  d.exec("BEGIN IMMEDIATE");
  d.exec("CREATE TABLE IF NOT EXISTS held (x)");
  return d;
}

/** Wait (bounded) until process `pid` has `file` open: read from /proc; where there is none, wait 3 s. */
async function waitUntilOpen(pid: number, file: string, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const fds = `/proc/${pid}/fd`;
  const target = realpathSync(file);
  const isOpen = (): boolean | null => {
    try {
      return readdirSync(fds).some((fd) => {
        try {
          return readlinkSync(join(fds, fd)) === target;
        } catch {
          return false;
        }
      });
    } catch {
      return null;
    }
  };
  if (isOpen() === null && !gone) {
    await new Promise((r) => setTimeout(r, 3000));
    return;
  }
  const until = Date.now() + 60_000;
  while (!gone && Date.now() < until && isOpen() !== true) await new Promise((r) => setTimeout(r, 10));
}

describe("another process holding the database", () => {
  it("waits for a write lock held briefly, then runs", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    expect((await peerlab(["run", writeSpec(dir, crashSpec(1)), "--db", db, "--quiet"], { cwd: dir })).code).toBe(0);
    const lock = holdWriteLock(db);
    const { child, exited } = startCli(["run", writeSpec(dir, crashSpec(1).replace("seed: 11", "seed: 13"), "b.yaml"), "--db", db, "--quiet"], dir, {
      PEERLAB_BUSY_TIMEOUT_MS: "60000",
    });
    // It opens the database just before its first write (registering the run); hold the lock 1.5 s
    // past that. (Its log file is opened asynchronously, so it appears only once that write is through.)
    await waitUntilOpen(child.pid!, db, exited);
    await new Promise((r) => setTimeout(r, 1500));
    lock.exec("ROLLBACK");
    lock.close();
    const ended = await exited;
    expect(ended.stderr).not.toMatch(/locked/);
    expect(ended.code).toBe(0);
  }, 120_000);

  it("past the bounded wait, stops saying another process holds the database (not disk space or permissions)", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    expect((await peerlab(["run", writeSpec(dir, crashSpec(1)), "--db", db, "--quiet"], { cwd: dir })).code).toBe(0);
    const lock = holdWriteLock(db);
    try {
      const r = await peerlab(["run", writeSpec(dir, crashSpec(1).replace("seed: 11", "seed: 13"), "b.yaml"), "--db", db, "--quiet"], {
        cwd: dir,
        env: { PEERLAB_BUSY_TIMEOUT_MS: "300" },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/another process holds the database/);
      expect(r.stderr).toMatch(/waited 300 ms/);
      expect(r.stderr).not.toMatch(/free space|permission|disk/);
      expect(r.stderr).not.toMatch(/internal error|\s+at /);
    } finally {
      lock.exec("ROLLBACK");
      lock.close();
    }
  }, 120_000);
});
