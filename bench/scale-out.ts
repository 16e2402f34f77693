// Workers 1 → 2 on this machine: the same sim run (no latency, C=64) with `peerlab run --workers 1` and
// `--workers 2`, each in a fresh database, timed from start to exit (worker start-up included). The
// target is ≥ 1.7× the episodes per second with two workers on two cores. The digests of both runs
// are compared too: a faster run that is not the same run would not count. On a shared machine wall
// times say more about the other load than about the workers, so each run's CPU per episode (every
// process), the time its processes waited for a core, sat idle, and waited for SQLite's write lock are
// figures too. CPU is counted twice: the main threads' (what one process's speed is bound by) and every
// thread's (V8's garbage-collection and compiler threads too, which one process alone runs on the idle
// core for free, and which two processes on two cores must share the cores with). Their ratio bounds the
// speed-up two idle cores can give: 2 × the main thread's CPU per episode with one worker ÷ every
// thread's with two.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { runChild } from "./child.js";
import { cliRun, type CliRun } from "./cli-run.js";
import { figure, type Figure } from "./table.js";
import type { SectionOptions } from "./run.js";
import type { StockFloorArgs, StockFloorResult } from "./workers/stock-floor.js";

export const SECTION = "workers";
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

/**
 * What the libraries themselves reach on this machine: stock LangGraph alone (no checkpointer, the
 * scripted model, 10 turns, nothing shared) running `episodes` at C=64 in one process, then the same
 * episodes split over two processes whose timed parts start together (each warmed up first). No
 * database and no peerlab code, so its 1 → 2 speed-up is the floor of helper threads, GC and the
 * machine's other load under peerlab's own figure.
 */
async function stockFloor(episodes: number): Promise<{ one: number; two: number; load: string }> {
  const timedTogether = (n: number, args: StockFloorArgs) => {
    let arrived = 0;
    let go!: () => void;
    const all = new Promise<void>((r) => (go = r));
    const onPhase = () => {
      if (++arrived === n) go();
      return all;
    };
    return Promise.all(Array.from({ length: n }, () => runChild<StockFloorResult>("stock-floor", args, { onPhase, timeoutMs: 120_000 })));
  };
  const l0 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  const [alone] = await timedTogether(1, { episodes, concurrency: CONCURRENCY });
  const pair = await timedTogether(2, { episodes: episodes / 2, concurrency: CONCURRENCY / 2 });
  const l1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  return {
    one: episodes / (alone!.result.wall_ms / 1000),
    two: episodes / (Math.max(...pair.map((p) => p.result.wall_ms)) / 1000),
    load: `${l0}→${l1}`,
  };
}

export async function scaleOut(opts: SectionOptions): Promise<{ figures: Figure[]; data: unknown }> {
  const trials = opts.quick ? 16 : 128;
  const episodes = trials * 4;
  const file = join(opts.dir, "scale.yaml");
  writeFileSync(file, spec(trials));
  const rows: (CliRun & { workers_asked: number; episodes_per_s: number })[] = [];
  const seen: string[] = [];
  for (const workers of [1, 2]) {
    const db = join(opts.dir, `scale-${workers}.db`);
    const r = await cliRun(file, db, { workers });
    if (r.result.done !== episodes) throw new Error(`run --workers ${workers}: ${r.result.done}/${episodes} episodes done`);
    rows.push({ ...r, workers_asked: workers, episodes_per_s: episodes / (r.wall_ms / 1000) });
    seen.push(digests(db));
  }
  const floor = await stockFloor(episodes);
  const [one, two] = [rows[0]!, rows[1]!];
  const speedup = two.episodes_per_s / one.episodes_per_s;
  const perEpisode = (r: CliRun) => r.cpu_ms / episodes;
  const allPerEpisode = (r: CliRun) => r.all_cpu_ms / episodes;
  // One process runs at most one episode per main-thread CPU per episode; two fill at most two cores.
  const ceiling = (2 * perEpisode(one)) / allPerEpisode(two);
  const loads = rows.map((r) => `${r.load_start[0]}→${r.load_end[0]}`).join(", ");
  const note =
    `E=${episodes} sim episodes, C=${CONCURRENCY}, wall time from start to exit (start-up included); ` +
    `digests ${seen[0] === seen[1] ? "equal" : "DIFFER"}; load (1 min) ${loads}`;
  // What the machine's other load took: time runnable but waiting for a core, per second of the run.
  const queued = (r: CliRun) => `waited for a core ${(r.runqueue_ms / r.wall_ms).toFixed(2)} s per s`;
  const waited = (r: CliRun) =>
    `${r.waits.waited} of ${r.waits.begins} write transactions waited for the lock, ${(r.waits.begin_ms / 1000).toFixed(2)} s in all`;
  return {
    figures: [
      figure(SECTION, "episodes/s, 1 worker", one.episodes_per_s, "ep/s", { note }),
      figure(SECTION, "episodes/s, 2 workers", two.episodes_per_s, "ep/s"),
      figure(SECTION, "speed-up 1 → 2 workers", speedup, "×", { target: { op: ">=", value: 1.7 } }),
      figure(SECTION, "CPU per episode, 1 worker (every process)", perEpisode(one), "ms", { note: queued(one) }),
      figure(SECTION, "CPU per episode, 2 workers (every process)", perEpisode(two), "ms", { note: queued(two) }),
      figure(SECTION, "CPU per episode, 2 workers ÷ 1", perEpisode(two) / perEpisode(one), "×", {
        note: "what a second process costs in CPU (start-up, lock waits' cache misses, claims)",
      }),
      figure(SECTION, "CPU per episode, 1 worker (every process, every thread)", allPerEpisode(one), "ms", {
        note: `helper threads ${((allPerEpisode(one) / perEpisode(one) - 1) * 100).toFixed(0)}% on top of the main thread's`,
      }),
      figure(SECTION, "CPU per episode, 2 workers (every process, every thread)", allPerEpisode(two), "ms", {
        note: `helper threads ${((allPerEpisode(two) / perEpisode(two) - 1) * 100).toFixed(0)}% on top of the main threads'`,
      }),
      figure(SECTION, "speed-up two idle cores allow at this CPU", ceiling, "×", {
        note: "2 × main-thread CPU per episode with 1 worker ÷ every thread's with 2: the target needs this ≥ 1.7",
      }),
      figure(SECTION, "idle share of the episode processes, 1 worker", one.idle_ms / (one.wall_ms * one.workers), "ratio", { note: waited(one) }),
      figure(SECTION, "idle share of the episode processes, 2 workers", two.idle_ms / (two.wall_ms * two.workers), "ratio", { note: waited(two) }),
      figure(SECTION, "baseline: stock LangGraph alone, speed-up 1 → 2 processes", floor.two / floor.one, "×", {
        note:
          `what the libraries themselves reach on this machine: ${episodes} 10-turn episodes, no checkpointer, scripted model, C=${CONCURRENCY} ` +
          `split over the processes, timed after warm-up; ${floor.one.toFixed(1)} → ${floor.two.toFixed(1)} episodes/s; load ${floor.load}`,
      }),
    ],
    data: { rows, digests_equal: seen[0] === seen[1], stock_floor: floor },
  };
}
