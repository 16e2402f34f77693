// The PostgreSQL store end to end against a real PostgreSQL 15: the same sim run stored in SQLite and in
// PostgreSQL has equal digests and reads back the same through report, replay --verify, export and
// memory; `db copy` both ways (identical runs skipped, conflicting ones refused); URL errors.
// The SQLite run is a copy of the demo the global setup records for every file (test/support/demo-db.ts):
// the same command and code as a recording here, so the comparison proves the same, one demo run cheaper.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, SCHEMA_VERSION, SEARCH_MARK, type Store } from "../../src/store/index.js";
import { openViewerStore, startViewer } from "../../src/viewer/index.js";
import { httpGet } from "../viewer/support/http.js";
import { testClock } from "../support/cells.js";
import { demoDbIn } from "../support/demo-db.js";
import { BIN, peerlab } from "../support/cli.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { tempDir } from "../support/tmp.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

let pg: TestPostgres | undefined;
let dir = "";
let sqlite = "";
let pgUrl = "";

/** The two runs were recorded at different moments: their wall-clock times differ, nothing else may. */
const stamps = (s: string): string => s.replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?/g, "<t>");

/** The test process's environment without PGPASSWORD (startPostgres put it there). */
function withoutPgPassword(): NodeJS.ProcessEnv {
  const { PGPASSWORD: _password, ...rest } = process.env;
  return rest;
}

const digests = (store: Store): [string, number, string | null][] =>
  store
    .listRuns()
    .flatMap((r) => store.runEpisodes(r.id))
    .flatMap((e) => store.listAttempts(e.id).map((a): [string, number, string | null] => [e.id, a.attempt, a.digest]))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));

describe.skipIf(!!postgresUnavailable)(`PostgreSQL store end to end${postgresUnavailable ? ` — skipped: ${postgresUnavailable}` : ""}`, () => {
  beforeAll(async () => {
    pg = await startPostgres();
    // Not tempDir(): it is emptied after every test, and these databases serve the whole file.
    dir = mkdtempSync(join(tmpdir(), "peerlab-pg-e2e-"));
    // The SQLite side is the demo recorded once for the whole test run (a copy of it): the same
    // `peerlab demo` as the PostgreSQL side's, recorded here, without recording it a second time.
    sqlite = demoDbIn(dir);
    pgUrl = pg.url("demo");
    const r = await peerlab(["demo", "--db", pgUrl, "--quiet"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 240_000);
  afterAll(() => {
    pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("stores the same sim run with the same digests in SQLite and PostgreSQL", () => {
    const a = openStore(sqlite, { clock: testClock(), readonly: true });
    const b = openStore(pgUrl, { clock: testClock(), readonly: true });
    try {
      const da = digests(a);
      expect(da.length).toBe(40);
      expect(da.every(([, , d]) => typeof d === "string" && d.length > 0)).toBe(true);
      expect(digests(b)).toEqual(da);
    } finally {
      a.close();
      b.close();
    }
  });

  it("reports, replays with --verify, exports and lists memory the same on both", async () => {
    for (const args of [
      ["report", "demo"],
      ["replay", "demo", "--verify", "--json"],
      ["export", "demo", "--format", "jsonl"],
      ["memory", "list", "--json"],
      ["list", "--json"],
    ]) {
      const a = await peerlab([...args, "--db", sqlite], { cwd: dir });
      const b = await peerlab([...args, "--db", pgUrl], { cwd: dir });
      expect(b.code, `${args.join(" ")}: ${b.stderr}`).toBe(a.code);
      const norm = (s: string) => stamps(s.replaceAll(sqlite, "<db>").replaceAll(pgUrl, "<db>"));
      expect(norm(b.stdout), args.join(" ")).toBe(norm(a.stdout));
    }
  }, 120_000);

  it("serves the same viewer pages from both (runs, a run, its episodes, an episode), and search", async () => {
    const a = openViewerStore(sqlite, testClock());
    const b = openViewerStore(pgUrl, testClock());
    const va = await startViewer({ store: a, port: 0, db: "<db>" });
    const vb = await startViewer({ store: b, port: 0, db: "<db>" });
    try {
      const run = a.listRuns()[0]!.id;
      const episode = a.runEpisodes(run)[0]!.id;
      for (const path of ["/", `/runs/${run}`, `/runs/${run}/episodes`, `/episodes/${episode}`]) {
        const pa = await httpGet(va.port, path);
        const pb = await httpGet(vb.port, path);
        expect(pb.status, path).toBe(200);
        expect(pa.status, path).toBe(200);
        // Measured latencies and durations differ between the two recordings too.
        const timing = (h: string) => stamps(h).replace(/\b\d+(\.\d+)? (ms|s)\b/g, "<d>");
        expect(timing(pb.body), path).toBe(timing(pa.body));
      }
      // Search ranks with each engine's own relevance (FTS5's bm25, PostgreSQL's ts_rank): the same hits
      // (the next test), in an order of their own.
      const search = await httpGet(vb.port, "/search?q=shutdown");
      expect(search.status).toBe(200);
      expect(search.body).toContain("<mark>shutdown</mark>");
    } finally {
      await va.close();
      await vb.close();
      a.close();
      b.close();
    }
  });

  it("rescores with a judge the same on both, and keeps the earlier judgments", async () => {
    const a = await peerlab(["rescore", "demo", "--judge", "sim:judge", "--json", "--db", sqlite], { cwd: dir });
    const b = await peerlab(["rescore", "demo", "--judge", "sim:judge", "--json", "--db", pgUrl], { cwd: dir });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(stamps(b.stdout.replaceAll(pgUrl, "<db>"))).toBe(stamps(a.stdout.replaceAll(sqlite, "<db>")));
    const sa = openStore(sqlite, { clock: testClock(), readonly: true });
    const sb = openStore(pgUrl, { clock: testClock(), readonly: true });
    try {
      const ep = sa.runEpisodes(sa.listRuns()[0]!.id)[0]!.id;
      const judged = (st: Store) =>
        st
          .listJudgments(ep, 1)
          .map((j) => `${j.scorer}@${j.version}`)
          .sort();
      expect(judged(sb)).toEqual(judged(sa));
      expect(judged(sa).length).toBeGreaterThan(1);
    } finally {
      sa.close();
      sb.close();
    }
  }, 120_000);

  it("finds events with PostgreSQL full-text search, as SQLite does", () => {
    const a = openStore(sqlite, { clock: testClock(), readonly: true });
    const b = openStore(pgUrl, { clock: testClock(), readonly: true });
    try {
      const word = "shutdown";
      const ha = a.searchEvents(word, { limit: 1000 });
      const hb = b.searchEvents(word, { limit: 1000 });
      expect(ha.length).toBeGreaterThan(0);
      const keys = (hs: typeof ha) => hs.map((h) => `${h.episode_id}/${h.attempt}/${h.seq}`).sort();
      expect(keys(hb)).toEqual(keys(ha));
      // The matched word is marked as on SQLite: open mark, the word, close mark.
      const snippet = hb[0]!.snippet;
      const open = snippet.indexOf(SEARCH_MARK.open);
      expect(open).toBeGreaterThanOrEqual(0);
      expect(snippet.slice(open + 1, snippet.indexOf(SEARCH_MARK.close, open)).toLowerCase()).toContain(word);
    } finally {
      a.close();
      b.close();
    }
  });

  it("copies runs SQLite → PostgreSQL → SQLite, skips an identical run and refuses a conflicting one", async () => {
    const target = pg!.freshUrl();
    const sourceBytes = readFileSync(sqlite);
    const first = await peerlab(["db", "copy", sqlite, target, "--json"], { cwd: dir });
    expect(readFileSync(sqlite).equals(sourceBytes), "the source is unchanged").toBe(true);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).runs).toMatchObject([{ name: "demo", outcome: "copied", episodes: 40 }]);
    const again = await peerlab(["db", "copy", sqlite, target, "--json"], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).runs).toMatchObject([{ name: "demo", outcome: "identical", rows: 0 }]);
    expect((await peerlab(["db", "check", target], { cwd: dir })).code).toBe(0);

    const back = join(tempDir(), "back.db");
    const home = await peerlab(["db", "copy", target, back, "--run", "demo"], { cwd: dir });
    expect(home.code, home.stderr).toBe(0);
    expect(home.stdout).toMatch(/copied, 40 episode\(s\)/);
    const a = openStore(sqlite, { clock: testClock(), readonly: true });
    const c = openStore(back, { clock: testClock(), readonly: true });
    const p = openStore(target, { clock: testClock(), readonly: true });
    try {
      expect(digests(c)).toEqual(digests(a));
      const run = a.listRuns()[0]!.id;
      expect(c.runRows(run)).toEqual(a.runRows(run));
      // Both copies are searchable at once, finding what the source finds.
      const found = (s: Store) => s.searchEvents("shutdown OR config*", { limit: 1000 }).map((h) => `${h.episode_id}/${h.attempt}/${h.seq}`);
      expect(found(a).length).toBeGreaterThan(0);
      expect(found(c).sort()).toEqual(found(a).sort());
      expect(found(p).sort()).toEqual(found(a).sort());
    } finally {
      a.close();
      c.close();
      p.close();
    }

    // The same demo recorded again elsewhere has the same run id and other timestamps: a conflict. A copy of
    // the demo with its run's timestamps moved stands for it (recording the demo again cost seconds of CPU).
    const other = demoDbIn(tempDir(), "other.db");
    const moved = new Database(other);
    try {
      expect(moved.prepare("UPDATE runs SET created_at = ?, updated_at = ?").run("2031-01-02T03:04:05.000Z", "2031-01-02T03:04:06.000Z").changes).toBe(1);
    } finally {
      moved.close();
    }
    const clash = await peerlab(["db", "copy", other, target], { cwd: dir });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/conflicts with the destination/);
    expect(clash.stderr).not.toMatch(/at .*\.ts:\d+/);
    const still = await peerlab(["db", "copy", sqlite, target, "--json"], { cwd: dir });
    expect(JSON.parse(still.stdout).runs[0].outcome).toBe("identical");
  }, 240_000);

  it("migrates a new database when several processes open it at the same moment, every one succeeding", async () => {
    const url = pg!.freshUrl();
    // The CLI as a user starts it (the built bin/peerlab.js), three times at once on the new database.
    const open = () =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(process.execPath, [BIN, "list", "--json", "--db", url], {
          env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "" },
          stdio: ["ignore", "pipe", "pipe"],
          timeout: 60_000,
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("close", (code) => done({ code, out }));
      });
    const results = await Promise.all([open(), open(), open()]);
    for (const r of results) {
      expect(r.code, r.out).toBe(0);
      expect(JSON.parse(r.out)).toEqual({ runs: [] });
    }
    const s = openStore(url, { clock: testClock(), readonly: true });
    try {
      expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    } finally {
      s.close();
    }
  }, 120_000);

  it("refuses a malformed URL or a password in it (exit 2) and names the host of an unreachable server (exit 1) without the password", async () => {
    const bad = await peerlab(["list", "--db", "postgres://[oops/db"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a well-formed PostgreSQL URL/);
    const secret = await peerlab(["list", "--db", `postgres://me:hunter2@127.0.0.1:${pg!.port}/demo`]);
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(/password in the URL is refused/);
    expect(secret.stderr).not.toContain("hunter2");
    const down = await peerlab(["list", "--db", "postgres://me@127.0.0.1:1/nowhere"], { env: { PGPASSWORD: "hunter2" } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(down.stderr).not.toContain("hunter2");
  });

  it("takes the database from PEERLAB_DB when --db is absent, with a password there, and never prints the password", async () => {
    const noPgPassword = withoutPgPassword();
    const r = await peerlab(["list", "--json"], { cwd: dir, env: { PEERLAB_DB: pgUrl } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runs).toMatchObject([{ name: "demo", episodes: 40 }]);
    const withPassword = pgUrl.replace("postgres@", `postgres:${encodeURIComponent(pg!.password)}@`);
    const env = await peerlab(["report", "demo"], { cwd: dir, baseEnv: noPgPassword, env: { PEERLAB_DB: withPassword } });
    expect(env.code, env.stderr).toBe(0);
    expect(env.stdout + env.stderr).not.toContain(pg!.password);
    const help = await peerlab(["list", "--help"], { cwd: dir, baseEnv: noPgPassword, env: { PEERLAB_DB: withPassword } });
    expect(help.stdout).toContain(pgUrl.replace("postgres://", ""));
    expect(help.stdout).not.toContain(pg!.password);
  });

  it("reads the password from ~/.pgpass, and names the host of a refused login without any password", async () => {
    const home = mkdtempSync(join(tmpdir(), "peerlab-pgpass-"));
    try {
      const pgpass = join(home, ".pgpass");
      writeFileSync(pgpass, `127.0.0.1:${pg!.port}:*:postgres:${pg!.password}\n`, { mode: 0o600 });
      const noPgPassword = { ...withoutPgPassword(), HOME: home, PGPASSFILE: pgpass };
      const ok = await peerlab(["list", "--json", "--db", pgUrl], { cwd: dir, baseEnv: noPgPassword });
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout).runs).toHaveLength(1);
      const wrong = await peerlab(["list", "--db", pgUrl], { cwd: dir, env: { PGPASSWORD: "not-the-password" } });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${pg!.port}/demo: authentication failed`));
      expect(wrong.stderr).not.toContain("not-the-password");
      expect(wrong.stderr).not.toContain(pg!.password);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
