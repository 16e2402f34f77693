// Workers 1 → 2 on this machine: the same sim run (no latency, C=64) with `peerlab run --workers 1` and
// `--workers 2`, each in a fresh database, timed from start to exit (worker start-up included). The
// target is ≥ 1.7× the episodes per second with two workers on two cores. The digests of both runs
// are compared too: a faster run that is not the same run would not count.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { figure, type Figure } from "./table.js";
import type { SectionOptions } from "./run.js";

export const SECTION = "workers";
const BIN = resolve(import.meta.dirname, "../bin/peerlab.js");
const CONCURRENCY = 64;

function spec(trials: number): string {
  return (
    `name: scale\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n` +
    `seed: 3\ntrials: ${trials}\npeers: [absent, good]\n` +
    `threats: [shutdown, none]\nconcurrency: ${CONCURRENCY}\n`
  );
}

function digests(db: string): string {
  const d = new Database(db, { readonly: true });
  try {
    return (
      d
        .prepare(
          "SELECT group_concat(e.id || ':' || a.digest) AS g FROM (SELECT * FROM episodes ORDER BY id) e " +
            "JOIN attempts a ON a.episode_id = e.id AND a.attempt = e.attempt",
        )
        .get() as { g: string }
    ).g;
  } finally {
    d.close();
  }
}

export async function scaleOut(opts: SectionOptions): Promise<{ figures: Figure[]; data: unknown }> {
  const trials = opts.quick ? 16 : 128;
  const episodes = trials * 4;
  const file = join(opts.dir, "scale.yaml");
  writeFileSync(file, spec(trials));
  const rows: { workers: number; wall_ms: number; episodes_per_s: number }[] = [];
  const seen: string[] = [];
  for (const workers of [1, 2]) {
    const db = join(opts.dir, `scale-${workers}.db`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, "run", file, "--db", db, "--workers", String(workers), "--quiet", "--json"], {
      encoding: "utf8",
      timeout: 3_600_000,
      env: { ...process.env, LANGSMITH_TRACING: "" },
    });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`run --workers ${workers} failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
    rows.push({ workers, wall_ms: Math.round(wall), episodes_per_s: episodes / (wall / 1000) });
    seen.push(digests(db));
  }
  const speedup = rows[1]!.episodes_per_s / rows[0]!.episodes_per_s;
  const note =
    `E=${episodes} sim episodes, C=${CONCURRENCY}, ` +
    `wall time from start to exit (worker start-up included); ` +
    `digests ${seen[0] === seen[1] ? "equal" : "DIFFER"}`;
  return {
    figures: [
      figure(SECTION, "episodes/s, 1 worker", rows[0]!.episodes_per_s, "ep/s", { note }),
      figure(SECTION, "episodes/s, 2 workers", rows[1]!.episodes_per_s, "ep/s"),
      figure(SECTION, "speed-up 1 → 2 workers", speedup, "×", { target: { op: ">=", value: 1.7 } }),
    ],
    data: { rows, digests_equal: seen[0] === seen[1] },
  };
}
