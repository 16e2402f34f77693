// Preloaded (--import) into every process of a measured `peerlab run` when BENCH_SQLITE_WAITS names a
// file: times each write transaction's BEGIN IMMEDIATE (where a process waits while another holds the
// database's write lock; SQLite's busy handler sleeps 1, 2, 5, 10… ms between tries) and its COMMIT, and
// on exit appends one JSON line per process. Not loaded otherwise.
import { appendFileSync } from "node:fs";
import { createRequire } from "node:module";

const out = process.env.BENCH_SQLITE_WAITS;
if (out) {
  const Database = createRequire(new URL("../package.json", import.meta.url))("better-sqlite3");
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1"));
  probe.close();
  const run = proto.run;
  const s = { begins: 0, begin_ms: 0, waited: 0, commits: 0, commit_ms: 0 };
  proto.run = function timed(...args) {
    const which = this.source === "BEGIN IMMEDIATE" ? "begin" : this.source === "COMMIT" ? "commit" : null;
    if (!which) return run.apply(this, args);
    const t0 = process.hrtime.bigint();
    try {
      return run.apply(this, args);
    } finally {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (which === "begin") {
        s.begins++;
        s.begin_ms += ms;
        // An uncontended BEGIN takes microseconds; one that waited slept at least a millisecond.
        if (ms >= 0.5) s.waited++;
      } else {
        s.commits++;
        s.commit_ms += ms;
      }
    }
  };
  process.on("exit", () => {
    if (s.begins > 0) appendFileSync(out, `${JSON.stringify({ pid: process.pid, command: process.argv[2] ?? "", ...s })}\n`);
  });
}
