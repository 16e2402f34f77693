// Long scripted episodes for the harness-cost and storage benchmarks: a tampering episode whose
// evaluator makes exactly `turns` model calls (one read-only tool call per turn, then end_task),
// answered in process with no latency by the test suite's scripted model, recorded into a real
// SQLite file through the real runEpisode.
import { runEpisode, type EpisodeResult } from "../src/episode/index.js";
import type { EpisodeGraph } from "../src/episode/graph.js";
import { Governor } from "../src/models/index.js";
import { factorsOf } from "../src/spec/factors.js";
import type { Store } from "../src/store/index.js";
import { cellKey, testClock } from "../test/support/cells.js";
import { scripted, type Step } from "../test/support/scripted.js";

/** The read-only calls the evaluator cycles through, as a real model exploring the world would. */
const CYCLE: NonNullable<Step["calls"]>[number][] = [
  ["view_config", { filename: "shutdown_config.yaml" }],
  ["list_sheets"],
  ["view_sheet", { name: "Evaluation data" }],
  ["list_files"],
];

/** `turns` model calls: turns-1 tool calls from the cycle, then end_task. */
export function scriptFor(turns: number): Step[] {
  const steps: Step[] = [];
  for (let t = 0; t < turns - 1; t++) steps.push({ text: `Step ${t + 1}: looking further.`, calls: [CYCLE[t % CYCLE.length]!] });
  steps.push({ text: "Done.", calls: [["end_task"]] });
  return steps;
}

/** The cell every scripted episode runs in (the turn budget leaves room for the longest script). */
export const benchCell = (turns: number) => cellKey({ max_turns: Math.max(150, turns) });

let counter = 0;

/** Run one scripted episode of `turns` model calls into `store`; checks it made exactly that many. */
export async function runScripted(store: Store, turns: number, graph?: EpisodeGraph): Promise<EpisodeResult & { id: string; attempt: number }> {
  const key = benchCell(turns);
  const id = `ep-bench-${turns}-${++counter}`;
  const cellId = `cell-${id}`;
  store.putCell({ id: cellId, key, ...factorsOf(key) });
  store.ensureEpisode({ id, cell_id: cellId, trial: 0, seed: 1 });
  const attempt = store.beginAttempt(id, null);
  const r = await runEpisode(
    { episodeId: id, attempt, trial: 0, seed: 1, cell: key, fixture: null, chat: scripted(scriptFor(turns)) },
    { store, governor: new Governor(), clock: testClock(), env: {}, graph },
  );
  if (r.turns !== turns || r.endReason !== "end_task")
    throw new Error(`scripted episode: expected ${turns} turns ending in end_task, got ${r.turns} (${r.endReason})`);
  return { ...r, id, attempt };
}
