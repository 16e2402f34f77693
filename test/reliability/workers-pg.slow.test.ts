// `run --workers 2` on PostgreSQL alone, in real processes against a real PostgreSQL 15: the episodes are
// handed out through the pg-boss queue (a job per episode) and every episode finishes exactly once with
// the digests of a single-process SQLite run of the same spec; then the full-size run of
// test/e2e/workers-pg.test.ts, which a `peerlab worker` joins (test/e2e/support/workers-pg-join.ts).
// Skipped, with the reason, without PostgreSQL.
import "../../src/runner/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { peerlabProcess } from "../support/cli.js";
import { crashSpec, referenceDigests, writeSpec } from "../support/crash.js";
import { pgRunCheck } from "../support/pg-run-check.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { tempDir } from "../support/tmp.js";
import { workersPgJoinSuite } from "../e2e/support/workers-pg-join.js";

describe.skipIf(postgresUnavailable !== null)(`workers on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(() => pg?.stop());

  it("run --workers 2 finishes every episode exactly once, with a single SQLite process's digests", async () => {
    const text = crashSpec(5, 8);
    const reference = await referenceDigests(text);
    const dir = tempDir("peerlab-workers-pg-");
    const url = pg.freshUrl();
    // The password reaches the workers as it reaches `run`: PGPASSWORD (set by startPostgres).
    const r = peerlabProcess(["run", writeSpec(dir, text), "--db", url, "--workers", "2", "--json"], { cwd: dir, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "done", episodes: 20, done: 20 });
    const c = pgRunCheck(url)!;
    expect(c.status).toBe("done");
    expect(c.doneAttempts).toEqual(Array.from({ length: 20 }, () => 1));
    expect(c.digests).toEqual(reference);
  }, 300_000);
});

workersPgJoinSuite(15, 100);
