// The store's storage fault seam and what it guards, in-process: rules parse or are refused; chosen
// writes fail with SQLite's own errors; a failing COMMIT rolls the transaction back and surfaces as
// STORAGE_FAILED; and a run whose database fails stops only after its in-flight episodes have stopped.
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { PeerlabError } from "../../src/errors.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, parseWriteFaults, writeFaultHook } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { crashSpec } from "../support/crash.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { cellRow } from "../support/cell-row.js";

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

const event = (seq: number) => ({ episode_id: "e0", attempt: 1, seq, kind: "message" as const, role: null, payload: { seq }, meta: null, hash: `h${seq}` });

function seeded(beforeWrite?: (op: string) => void) {
  const store = openStore(":memory:", { clock: testClock(), beforeWrite });
  store.putRun({ id: "r1", name: "t", spec_hash: "h", spec: {}, source_file: null, status: "pending", provenance: {} });
  store.putCell(cellRow("c1"));
  store.ensureEpisode({ id: "e0", cell_id: "c1", trial: 0, seed: 1 });
  store.beginAttempt("e0", "r1");
  return store;
}

describe("PEERLAB_FAULT_WRITES rules", () => {
  it("parses one-off, sticky and per-operation rules", () => {
    expect(parseWriteFaults("40:ioerr, 7+:full,3:readonly@commit")).toEqual([
      { nth: 40, sticky: false, kind: "ioerr", op: null },
      { nth: 7, sticky: true, kind: "full", op: null },
      { nth: 3, sticky: false, kind: "readonly", op: "commit" },
    ]);
  });

  it("refuses anything else as bad input naming the variable", () => {
    for (const bad of ["0:full", "x:full", "3:melt", "3", "3:full@"]) {
      const e = caught(() => parseWriteFaults(bad)) as PeerlabError;
      expect(e.code).toBe("ARGS_INVALID");
      expect(e.message).toContain("PEERLAB_FAULT_WRITES");
    }
  });

  it("fails exactly the chosen writes, with SQLite's own error class and code", () => {
    const hook = writeFaultHook(parseWriteFaults("2:ioerr,4+:full@commit"));
    const outcome = (op: string) => {
      try {
        hook(op);
        return "ok";
      } catch (e) {
        expect(e).toBeInstanceOf(Database.SqliteError);
        return (e as { code: string }).code;
      }
    };
    expect(["putRun", "putRun", "putRun"].map(outcome)).toEqual(["ok", "SQLITE_IOERR", "ok"]);
    expect(["commit", "commit", "commit", "commit", "appendEvents", "commit"].map(outcome)).toEqual(["ok", "ok", "ok", "SQLITE_FULL", "ok", "SQLITE_FULL"]);
  });
});

describe("a failing COMMIT", () => {
  it("rolls the whole transaction back and surfaces as STORAGE_FAILED naming the operation", () => {
    let armed = false;
    const store = seeded((op) => {
      if (armed && op === "commit") throw new Database.SqliteError("database or disk is full", "SQLITE_FULL");
    });
    armed = true;
    const e = caught(() => store.transaction(() => store.appendEvents([event(1), event(2)]))) as PeerlabError;
    expect(e).toBeInstanceOf(PeerlabError);
    expect(e.code).toBe("STORAGE_FAILED");
    expect(e.message).toBe("cannot write to the database :memory: (commit): database or disk is full");
    expect(store.countEvents("e0", 1)).toBe(0);
    armed = false;
    store.transaction(() => store.appendEvents([event(1)]));
    expect(store.countEvents("e0", 1)).toBe(1);
  });

  it("turns SQLite's own failure inside a transaction into STORAGE_FAILED, and lets other errors through unchanged", () => {
    const store = seeded();
    const sqlite = caught(() => store.transaction(() => rawDatabaseForTests(store).prepare("INSERT INTO no_such_table VALUES (1)").run())) as PeerlabError;
    expect(sqlite.code).toBe("STORAGE_FAILED");
    expect(sqlite.message).toMatch(/\(transaction\): no such table/);
    const mine = new RangeError("not a storage problem");
    expect(
      caught(() =>
        store.transaction(() => {
          throw mine;
        }),
      ),
    ).toBe(mine);
  });
});

describe("a run whose database fails", () => {
  it("stops starting episodes, lets the running ones stop, and only then throws the storage error", async () => {
    let writes = 0;
    let failing = false;
    const store = openStore(":memory:", {
      clock: testClock(),
      beforeWrite: () => {
        writes++;
        if (writes >= 600) failing = true;
        if (failing) throw new Database.SqliteError("database or disk is full", "SQLITE_FULL");
      },
    });
    const err = (await runExperiment(loadExperimentText(crashSpec(10)), { store, clock: testClock(), env: {}, simDelayMs: 2 }).catch(
      (e: unknown) => e,
    )) as PeerlabError;
    expect(err).toBeInstanceOf(PeerlabError);
    expect(err.code).toBe("STORAGE_FAILED");
    // Nothing is still running in the background: no write is attempted after the run has thrown.
    const after = writes;
    await new Promise((r) => setTimeout(r, 300));
    expect(writes).toBe(after);
    failing = false;
    const statuses = rawDatabaseForTests(store).prepare("SELECT status, COUNT(*) AS n FROM episodes GROUP BY status").all() as { status: string; n: number }[];
    expect(statuses.find((s) => s.status === "done")?.n ?? 0).toBeLessThan(40);
    // A stop that could be recorded is: the run reads as stopped, or (the disk still full) as running.
    store.close();
  });
});
