// Storage: database bytes per episode and per event for scripted episodes of 10, 50 and 150 turns,
// peerlab's event log against stock LangGraph's SqliteSaver; and the peak RSS of runs of 1,000 and
// 10,000 short sim episodes (each its own process), which should not grow with the number of episodes.
import { join } from "node:path";
import { runChild } from "./child.js";
import { growth, simSpec, TURNS } from "./harness-cost.js";
import { figure, type Figure } from "./table.js";
import type { EpisodesArgs, EpisodesResult } from "./workers/episodes.js";
import type { RunSpecArgs, RunSpecResult } from "./workers/run-spec.js";

export const SECTION = "storage";
const MB = 1024 * 1024;

export interface StorageRow {
  system: "peerlab" | "stock";
  turns: number;
  bytes_per_episode: number;
  /** Events (peerlab) or checkpoints (stock) per episode. */
  records_per_episode: number;
}

export interface RssRow {
  episodes: number;
  max_rss_bytes: number;
  heap_used_bytes: number;
  wall_ms: number;
}

export async function storage(opts: { quick: boolean; dir: string }): Promise<{ figures: Figure[]; data: { rows: StorageRow[]; rss: RssRow[] } }> {
  const rows: StorageRow[] = [];
  for (const turns of TURNS) {
    for (const system of ["peerlab", "stock"] as const) {
      const args: EpisodesArgs = { system, turns, episodes: system === "stock" && turns === 150 ? 1 : 2, dir: opts.dir };
      const r = await runChild<EpisodesResult>("episodes", args);
      rows.push({ system, turns, bytes_per_episode: r.result.bytes_per_episode, records_per_episode: r.result.records_per_episode });
    }
  }
  // Short episodes: the sim evaluator with a turn budget of one model call (start, world, one call,
  // its tool, scoring, end), so 10,000 of them fit the time budget.
  const rss: RssRow[] = [];
  for (const n of opts.quick ? [200, 1000] : [1000, 10000]) {
    const args: RunSpecArgs = { spec: simSpec(`bench-rss-${n}`, n, ["max_turns: 1", "concurrency: 8"]), db: join(opts.dir, `rss-${n}.db`), env: {} };
    const r = await runChild<RunSpecResult>("run-spec", args, { timeoutMs: 15 * 60_000, execArgv: ["--expose-gc"] });
    if (r.result.done !== n) throw new Error(`rss run: ${r.result.done}/${n} episodes done`);
    rss.push({ episodes: n, max_rss_bytes: r.max_rss_bytes, heap_used_bytes: r.result.heap_used_bytes, wall_ms: r.result.wall_ms });
  }

  const figures: Figure[] = [];
  for (const system of ["peerlab", "stock"] as const) {
    const mine = rows.filter((r) => r.system === system);
    for (const r of mine) {
      const unit = system === "peerlab" ? "event" : "checkpoint";
      const target = system === "peerlab" && r.turns === 150 ? { target: { op: "<=" as const, value: 1 } } : {};
      figures.push(figure(SECTION, `${system}, ${r.turns} turns: database per episode`, r.bytes_per_episode / MB, "MB", target));
      figures.push(
        figure(SECTION, `${system}, ${r.turns} turns: bytes per ${unit}`, r.bytes_per_episode / r.records_per_episode, "B", {
          note: `${r.records_per_episode.toFixed(0)} ${unit}s per episode`,
        }),
      );
    }
    figures.push(
      figure(
        SECTION,
        `${system}: growth exponent of bytes per episode, 10 to 150 turns`,
        growth(mine.map((r) => ({ turns: r.turns, value: r.bytes_per_episode }))),
        "k",
        system === "peerlab" ? { target: { op: "<=", value: 1.1 }, note: "1 = linear" } : { note: "1 = linear, 2 = quadratic" },
      ),
    );
  }
  const p150 = rows.find((r) => r.system === "peerlab" && r.turns === 150)!;
  const s150 = rows.find((r) => r.system === "stock" && r.turns === 150)!;
  figures.push(figure(SECTION, "stock / peerlab bytes per 150-turn episode", s150.bytes_per_episode / p150.bytes_per_episode, "ratio"));
  for (const r of rss)
    figures.push(
      figure(SECTION, `peak RSS, ${r.episodes.toLocaleString("en-US")} short sim episodes`, r.max_rss_bytes / MB, "MB", {
        note: `heap left after the run ${(r.heap_used_bytes / MB).toFixed(0)} MB (after a full GC), ${(r.wall_ms / 1000).toFixed(0)} s`,
      }),
    );
  const [small, large] = rss;
  if (small && large)
    figures.push(
      figure(SECTION, `peak RSS ${large.episodes} / ${small.episodes} episodes`, large.max_rss_bytes / small.max_rss_bytes, "ratio", {
        target: { op: "<=", value: 1.5 },
        note: `episodes x${large.episodes / small.episodes}; bounded, not linear`,
      }),
    );
  return { figures, data: { rows, rss } };
}
