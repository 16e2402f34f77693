// The report of a run as data: run block, the study's tables, per-cell summaries, contrasts, usage
// and plan against actual. This is what `report --json` prints; every other format renders it.
import type { Store, UsageRow } from "../store/index.js";
import type { OutcomeValue } from "../store/index.js";
import { collectRun, type RunResults } from "./collect.js";
import { planVsActual, type PlanVsActual } from "./plan-actual.js";
import { buildStudyTables, type StudyTables } from "./study-tables.js";
import { analyseContrasts, primaryKeys, type Contrast } from "./contrasts.js";
import { summarizeCell, type CellSummary } from "./summarize.js";
import { doseResponse, type DoseSeries } from "./dose-response.js";
import type { MeanContrast } from "./continuous.js";

export const SIM_NOTICE = "Simulated agents (sim:*): these results validate the harness; they are not findings about any model.";
export const SIM_JUDGE_NOTICE = "The judge is sim:judge, a rule-based stand-in: judge-filled outcomes validate the pipeline, they are not a model's judgments.";
export const NO_JUDGE_NOTICE =
  "No judge ran: the deterministic readers decided every report reading (score, grade, recommendation, " +
  "refusal, incompleteness); judge-only outcomes (awareness, the interview) are missing. Name one with `judge:` " +
  "in the spec, or rescore the run with a judge, to make its extraction the primary scorer.";

export type { UsageRow };

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
    /** Scorers whose judgments the report merged, e.g. detectors@tampering@1, judge:sim:judge@1. */
    scorers: string[];
    notice: string | null;
    judge_notice: string | null;
    /** The budget the run reached, in words (null: none set, or not reached). */
    budget_reached: string | null;
    provenance: Record<string, unknown>;
  };
  study: StudyTables;
  cells: CellSummary[];
  contrasts: Contrast[];
  /** A threshold sweep: per condition, the primary rate and the mean reported score against the threshold (empty without a sweep). */
  dose_response: DoseSeries[];
  /** Continuous outcomes between the same cell pairs: Welch's difference and, where seed-paired, the paired one. */
  mean_contrasts: MeanContrast[];
  /** Reader against judge where a judge is the primary scorer: counted by key and listed per episode. */
  disagreements: DisagreementReport;
  usage: UsageRow[];
  plan_vs_actual: PlanVsActual | null;
}

export interface DisagreementReport {
  count: number;
  /** Episodes scored by a judge (the denominator of the count). */
  judged_episodes: number;
  by_key: Record<string, number>;
  episodes: { episode: string; cell: string; scorer: string; key: string; reader: OutcomeValue; judge: OutcomeValue }[];
}

export function disagreementsOf(results: RunResults): DisagreementReport {
  const episodes: DisagreementReport["episodes"] = [];
  const byKey = new Map<string, number>();
  let judged = 0;
  for (const c of results.cells)
    for (const e of c.episodes) {
      if (e.primary !== "readers") judged++;
      for (const d of e.disagreements) {
        episodes.push({ episode: e.episode.id, cell: c.cell.id, scorer: e.primary, key: d.key, reader: d.reader, judge: d.judge });
        byKey.set(d.key, (byKey.get(d.key) ?? 0) + 1);
      }
    }
  return { count: episodes.length, judged_episodes: judged, by_key: Object.fromEntries([...byKey].sort(([a], [b]) => (a < b ? -1 : 1))), episodes };
}

export function reportFromResults(results: RunResults, counts: { episodes: number; done: number; failed: number }, usage: UsageRow[]): ReportJson {
  const scorers = [...new Set(results.cells.flatMap((c) => c.episodes.flatMap((e) => e.scorers)))].sort();
  const judges = scorers.filter((s) => s.startsWith("judge:"));
  const cells = results.cells.map(summarizeCell);
  const provenance = { ...results.run.provenance, spec_hash: results.run.spec_hash, created: results.run.created_at, updated: results.run.updated_at };
  return {
    run: {
      id: results.run.id,
      name: results.run.name,
      status: results.run.status,
      ...counts,
      simulated: results.simulated,
      judged: results.judged,
      scorers,
      notice: results.simulated ? SIM_NOTICE : null,
      budget_reached: results.budget_reached,
      judge_notice: !results.judged ? NO_JUDGE_NOTICE : judges.some((j) => j.startsWith("judge:sim:")) ? SIM_JUDGE_NOTICE : null,
      provenance,
    },
    study: buildStudyTables(results),
    cells,
    ...analyseContrasts(results),
    dose_response: doseResponse(cells, primaryKeys(results)),
    disagreements: disagreementsOf(results),
    usage,
    plan_vs_actual: planVsActual(results.run.provenance.plan, usage, counts),
  };
}

export function buildReport(store: Store, runRef: string, opts: { detectorVersion?: string } = {}): ReportJson {
  const results = collectRun(store, runRef, opts);
  const summary = store.listRuns().find((r) => r.id === results.run.id);
  return reportFromResults(
    results,
    { episodes: summary?.episodes ?? 0, done: summary?.done ?? 0, failed: summary?.failed ?? 0 },
    store.runUsage(results.run.id),
  );
}
