// Runs as the viewer lists them: status, progress by episode status, tokens and cost.
import type { EpisodeStatus, RunRecord, RunSummary, Store } from "../../store/index.js";
import { isSimulatedProvider } from "../../spec/index.js";

export interface RunProgress {
  episodes: number;
  byStatus: Record<EpisodeStatus, number>;
}

export interface RunUsage {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export interface RunRow {
  summary: RunSummary;
  record: RunRecord;
  progress: RunProgress;
  usage: RunUsage;
  simulated: boolean;
}

export function runProgress(store: Store, runId: string): RunProgress {
  const byStatus: Record<EpisodeStatus, number> = { pending: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  const episodes = store.runEpisodes(runId);
  for (const e of episodes) byStatus[e.status]++;
  return { episodes: episodes.length, byStatus };
}

export function runUsage(store: Store, runId: string): RunUsage {
  const u: RunUsage = { calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  for (const r of store.runUsage(runId)) {
    u.calls += r.calls;
    u.input_tokens += r.input_tokens;
    u.output_tokens += r.output_tokens;
    u.cost_usd += r.cost_usd;
  }
  return u;
}

/** Every run, newest first. */
export function loadRuns(store: Store): RunRow[] {
  return store
    .listRuns()
    .map((summary) => {
      const record = store.getRun(summary.id)!;
      const cells = store.runCells(summary.id);
      return {
        summary,
        record,
        progress: runProgress(store, summary.id),
        usage: runUsage(store, summary.id),
        simulated: cells.length > 0 && cells.every((c) => isSimulatedProvider(c.cell.evaluator)),
      };
    })
    .reverse();
}

export const isLive = (status: string): boolean => status === "running" || status === "pending";
