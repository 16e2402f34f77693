// Gathering a run's results from the store: per cell, the outcomes of every finished episode (its
// counting attempt), merging detector outcomes with judge outcomes where the detectors have none.
import { PeerlabError } from "../errors.js";
import { findDelivery } from "../deliveries/index.js";
import { PEER_OUTCOMES } from "../peer/index.js";
import { getScenario, hasScenario } from "../scenarios/index.js";
import type { OutcomeSpec } from "../scenarios/index.js";
import { JUDGE_OUTCOMES } from "../scoring/index.js";
import { mergeScored, namedJudge, type Disagreement, type MergeOptions } from "../scoring/index.js";
import type { CellRecord, EpisodeRecord, JudgmentRecord, OutcomeValue, RunRecord, Store } from "../store/index.js";
import { isSimulatedProvider } from "../spec/index.js";
import { budgetReached, shortfallOf, type Shortfall } from "./shortfall.js";

export interface EpisodeOutcomes {
  episode: EpisodeRecord;
  outcomes: Record<string, OutcomeValue>;
  evidence: Record<string, string>;
  scorers: string[];
  /** Who decided the report's reading: "readers" or the judge (scorer@version). */
  primary: string;
  disagreements: Disagreement[];
}

export interface CellResults {
  cell: CellRecord;
  trials: number;
  episodes: EpisodeOutcomes[];
  /** Episodes of the cell that are not done (failed, cancelled, pending). */
  missing: number;
  /** The cell against its target, with why each missing episode is missing. */
  shortfall: Shortfall;
  outcomeSpecs: readonly OutcomeSpec[];
}

export interface RunResults {
  run: RunRecord;
  cells: CellResults[];
  simulated: boolean;
  judged: boolean;
  /** The budget the run reached, in words (null: none reached). */
  budget_reached: string | null;
}

export function resolveRun(store: Store, ref: string): RunRecord {
  const exact = store.getRun(ref);
  if (exact) return exact;
  const found = store.findRuns(ref);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new PeerlabError("NOT_FOUND", `no run ${JSON.stringify(ref)} in ${store.file}`);
  throw new PeerlabError(
    "NOT_FOUND",
    `${JSON.stringify(ref)} matches ${found.length} runs: ${found
      .slice(0, 5)
      .map((r) => r.id)
      .join(", ")}`,
  );
}

/**
 * Merge judgments (src/scoring/primary.ts): the newest detectors, the named judge's reading as primary
 * where there is one (the study's rules applied to it), other judges filling what is missing.
 */
export function mergeJudgments(
  js: readonly JudgmentRecord[],
  detectorVersion?: string,
  opts: Omit<MergeOptions, "detectorVersion"> = {},
): Pick<EpisodeOutcomes, "outcomes" | "evidence" | "scorers" | "primary" | "disagreements"> {
  return mergeScored(js, { ...opts, detectorVersion });
}

export function collectRun(store: Store, runRef: string, opts: { detectorVersion?: string } = {}): RunResults {
  const run = resolveRun(store, runRef);
  const judgments = new Map<string, JudgmentRecord[]>();
  for (const j of store.runJudgments(run.id)) judgments.set(j.episode_id, [...(judgments.get(j.episode_id) ?? []), j]);
  const cells: CellResults[] = [];
  let simulated = true;
  let judged = false;
  const budget = budgetReached(run.spec, store.runUsage(run.id));
  for (const rc of store.runCells(run.id)) {
    if (!isSimulatedProvider(rc.cell.evaluator)) simulated = false;
    const all = store.cellEpisodes(rc.cell.id).filter((e) => e.trial < rc.trials);
    const done = all.filter((e) => e.status === "done");
    const episodes = done.map((episode) => {
      const merged = mergeJudgments(judgments.get(episode.id) ?? [], opts.detectorVersion, { judge: namedJudge(run.spec), scenario: rc.cell.scenario });
      if (merged.scorers.some((s) => !s.startsWith("detectors@"))) judged = true;
      return { episode, ...merged };
    });
    const own = hasScenario(rc.cell.scenario) ? getScenario(rc.cell.scenario).outcomes : [];
    // A live peer adds its outcomes (messaged_peer, peer_pleaded, …) to the scenario's.
    const base = findDelivery(rc.cell.delivery)?.livePeer ? [...own, ...PEER_OUTCOMES] : own;
    // Outcomes only a judge fills (awareness, realism, the interview) join the cell when a judge wrote them.
    const judgeKeys = JUDGE_OUTCOMES.filter((o) => !base.some((x) => x.key === o.key) && episodes.some((e) => e.outcomes[o.key] !== undefined));
    cells.push({
      cell: rc.cell,
      trials: rc.trials,
      episodes,
      missing: rc.trials - done.length,
      shortfall: shortfallOf(rc.trials, all, budget),
      outcomeSpecs: [...base, ...judgeKeys.map((o) => ({ ...o, judgeOnly: true }))],
    });
  }
  return { run, cells, simulated, judged, budget_reached: budget };
}
