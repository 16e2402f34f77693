// Harness cost without model latency: CPU per model call and per episode for scripted episodes of 10,
// 50 and 150 turns, persistence included, peerlab against stock LangGraph with its default
// SqliteSaver on the same episodes; and episodes per second for a 1,000-episode sim run through the
// runner. Every measurement is its own process.
import { join } from "node:path";
import { runChild } from "./child.js";
import { figure, type Figure } from "./table.js";
import type { EpisodesArgs, EpisodesResult } from "./workers/episodes.js";
import type { RunSpecArgs, RunSpecResult } from "./workers/run-spec.js";

export const SECTION = "harness-cost";
export const TURNS = [10, 50, 150] as const;

export interface CostRow {
  system: EpisodesArgs["system"];
  turns: number;
  episodes: number;
  cpu_ms_per_episode: number;
  cpu_ms_per_call: number;
  /** Per-episode CPU, each timed episode. */
  cpu_ms: number[];
}

export function simSpec(name: string, trials: number, extra: string[] = []): string {
  return [
    `name: ${name}`,
    "evaluator: sim:propensity",
    "scenarios: [tampering]",
    "params: {tampering: {item_set: [factual], threshold: [80]}}",
    `trials: ${trials}`,
    "seed: 1",
    ...extra,
  ].join("\n");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function costOf(system: CostRow["system"], turns: number, episodes: number, dir: string): Promise<CostRow> {
  const args: EpisodesArgs = { system, turns, episodes, dir };
  const r = await runChild<EpisodesResult>("episodes", args);
  // The median episode: a GC pause or a neighbour's burst in one episode does not move it.
  const perEpisode = median(r.result.cpu_ms);
  return { system, turns, episodes, cpu_ms_per_episode: perEpisode, cpu_ms_per_call: perEpisode / turns, cpu_ms: r.result.cpu_ms };
}

/** Exponent k in cost ∝ turns^k between the shortest and longest episodes (1 = linear). */
export function growth(rows: { turns: number; value: number }[]): number {
  const a = rows[0]!;
  const b = rows.at(-1)!;
  return Math.log(b.value / a.value) / Math.log(b.turns / a.turns);
}

export async function harnessCost(opts: {
  quick: boolean;
  dir: string;
}): Promise<{ figures: Figure[]; data: { rows: CostRow[]; run: RunSpecResult & { episodes_per_s: number; max_rss_bytes: number } } }> {
  const count = (system: "peerlab" | "stock", turns: number) =>
    opts.quick ? 2 : system === "peerlab" ? { 10: 21, 50: 9, 150: 5 }[turns]! : { 10: 9, 50: 3, 150: 2 }[turns]!;
  const rows: CostRow[] = [];
  // (variants are appended to rows after the figures that compare peerlab and stock are made)
  for (const turns of TURNS) for (const system of ["peerlab", "stock"] as const) rows.push(await costOf(system, turns, count(system, turns), opts.dir));
  // What limits the 150-turn figure: the same episodes without indexing them for search, and LangGraph alone.
  const variants = [
    await costOf("peerlab-no-search", 150, opts.quick ? 2 : 5, opts.dir),
    await costOf("stock-no-checkpointer", 150, opts.quick ? 2 : 3, opts.dir),
  ];

  const trials = opts.quick ? 200 : 1000;
  const runArgs: RunSpecArgs = { spec: simSpec("bench-sim-run", trials), warmup: simSpec("bench-sim-warmup", 20), db: join(opts.dir, "sim-run.db"), env: {} };
  // A loaded machine (other sessions) can take minutes over 1,000 episodes: not a reason to drop the section.
  const run = await runChild<RunSpecResult>("run-spec", runArgs, { timeoutMs: 15 * 60_000 });
  if (run.result.done !== trials) throw new Error(`sim run: ${run.result.done}/${trials} episodes done`);

  const figures: Figure[] = [];
  for (const system of ["peerlab", "stock"] as const) {
    const mine = rows.filter((r) => r.system === system);
    for (const r of mine) {
      const target = system === "peerlab" && r.turns === 150 ? { target: { op: "<=" as const, value: 2 } } : {};
      figures.push(
        figure(SECTION, `${system}, ${r.turns} turns: CPU per model call`, r.cpu_ms_per_call, "ms", { ...target, note: `${r.episodes} episodes, median` }),
      );
      figures.push(figure(SECTION, `${system}, ${r.turns} turns: CPU per episode`, r.cpu_ms_per_episode, "ms"));
    }
    figures.push(
      figure(
        SECTION,
        `${system}: growth exponent of CPU per episode, 10 to 150 turns`,
        growth(mine.map((r) => ({ turns: r.turns, value: r.cpu_ms_per_episode }))),
        "k",
        system === "peerlab" ? { target: { op: "<=", value: 1.1 }, note: "1 = linear" } : { note: "1 = linear, 2 = quadratic" },
      ),
    );
  }
  for (const turns of TURNS) {
    const p = rows.find((r) => r.system === "peerlab" && r.turns === turns)!;
    const s = rows.find((r) => r.system === "stock" && r.turns === turns)!;
    figures.push(figure(SECTION, `stock / peerlab CPU per call, ${turns} turns`, s.cpu_ms_per_call / p.cpu_ms_per_call, "ratio"));
  }
  const p150 = rows.find((r) => r.system === "peerlab" && r.turns === 150)!;
  figures.push(
    figure(SECTION, "peerlab, 150 turns, without search indexing: CPU per model call", variants[0]!.cpu_ms_per_call, "ms", {
      note: `indexing costs ${((1 - variants[0]!.cpu_ms_per_call / p150.cpu_ms_per_call) * 100).toFixed(0)}% of peerlab's per-call CPU`,
    }),
  );
  figures.push(
    figure(SECTION, "stock LangGraph, 150 turns, no checkpointer: CPU per model call", variants[1]!.cpu_ms_per_call, "ms", {
      note: "the graph machinery alone (scripted model, ToolNode)",
    }),
  );
  figures.push(
    figure(SECTION, "peerlab / LangGraph with no checkpointer, CPU per call, 150 turns", p150.cpu_ms_per_call / variants[1]!.cpu_ms_per_call, "ratio", {
      target: { op: "<=", value: 1.15 },
      note: "persistence included (events, hash chain, model calls, search index)",
    }),
  );
  rows.push(...variants);
  const eps = (trials / run.result.wall_ms) * 1000;
  figures.push(
    figure(SECTION, `${trials}-episode sim run through the runner: episodes per second`, eps, "ep/s", {
      note: `CPU ${(run.result.cpu_ms / trials).toFixed(1)} ms per episode`,
    }),
  );
  return { figures, data: { rows, run: { ...run.result, episodes_per_s: eps, max_rss_bytes: run.max_rss_bytes } } };
}
