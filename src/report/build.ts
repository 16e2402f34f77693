// The report of a run as data: run block, per-cell summaries, contrasts and usage. This is what
// `report --json` prints; every other format renders it.
import type { Store } from "../store/index.js";
import { collectRun } from "./collect.js";
import { contrasts, summarizeCell, type CellSummary, type Contrast } from "./summarize.js";

export const SIM_NOTICE = "Simulated agents (sim:*): these results validate the harness; they are not findings about any model.";

export interface ReportJson {
  run: {
    id: string;
    name: string;
    status: string;
    episodes: number;
    done: number;
    failed: number;
    simulated: boolean;
    judged: boolean;
    notice: string | null;
    provenance: Record<string, unknown>;
  };
  cells: CellSummary[];
  contrasts: Contrast[];
  usage: { role: string; provider: string; model: string; calls: number; input_tokens: number; output_tokens: number; cost_usd: number; cache_hits: number; retries: number }[];
}

export function buildReport(store: Store, runRef: string, opts: { detectorVersion?: string } = {}): ReportJson {
  const results = collectRun(store, runRef, opts);
  const summary = store.listRuns().find((r) => r.id === results.run.id);
  const cells = results.cells.map(summarizeCell);
  return {
    run: {
      id: results.run.id,
      name: results.run.name,
      status: results.run.status,
      episodes: summary?.episodes ?? 0,
      done: summary?.done ?? 0,
      failed: summary?.failed ?? 0,
      simulated: results.simulated,
      judged: results.judged,
      notice: results.simulated ? SIM_NOTICE : null,
      provenance: { ...results.run.provenance, spec_hash: results.run.spec_hash, created: results.run.created_at, updated: results.run.updated_at },
    },
    cells,
    contrasts: contrasts(results),
    usage: store.runUsage(results.run.id),
  };
}
