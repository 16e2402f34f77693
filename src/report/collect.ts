// Gathering a run's results from the store: per cell, the outcomes of every finished episode (its
// counting attempt), merging detector outcomes with judge outcomes where the detectors have none.
import { PeerlabError } from "../errors.js";
import { findDelivery } from "../memory/deliveries/index.js";
import { PEER_OUTCOMES } from "../peer/outcomes.js";
import { getScenario, hasScenario } from "../scenarios/registry.js";
import type { OutcomeSpec } from "../scenarios/types.js";
import { JUDGE_OUTCOMES } from "../scoring/jobs.js";
import type { CellRecord, EpisodeRecord, JudgmentRecord, OutcomeValue, RunRecord, Store } from "../store/index.js";
import { isSimulatedProvider } from "../spec/provider-string.js";

export interface EpisodeOutcomes {
  episode: EpisodeRecord;
  outcomes: Record<string, OutcomeValue>;
  evidence: Record<string, string>;
  scorers: string[];
}

export interface CellResults {
  cell: CellRecord;
  trials: number;
  episodes: EpisodeOutcomes[];
  /** Episodes of the cell that are not done (failed, cancelled, pending). */
  missing: number;
  outcomeSpecs: readonly OutcomeSpec[];
}

export interface RunResults {
  run: RunRecord;
  cells: CellResults[];
  simulated: boolean;
  judged: boolean;
}

export function resolveRun(store: Store, ref: string): RunRecord {
  const exact = store.getRun(ref);
  if (exact) return exact;
  const found = store.findRuns(ref);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new PeerlabError("NOT_FOUND", `no run ${JSON.stringify(ref)} in ${store.file}`);
  throw new PeerlabError("NOT_FOUND", `${JSON.stringify(ref)} matches ${found.length} runs: ${found.slice(0, 5).map((r) => r.id).join(", ")}`);
}

/** Merge judgments: the newest detector version first, then judges filling what detectors leave null. */
export function mergeJudgments(js: readonly JudgmentRecord[], detectorVersion?: string): Pick<EpisodeOutcomes, "outcomes" | "evidence" | "scorers"> {
  const detectors = js.filter((j) => j.scorer === "detectors" && (!detectorVersion || j.version === detectorVersion));
  const judges = js.filter((j) => j.scorer !== "detectors");
  const pick = (list: JudgmentRecord[]) => [...list].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.version < b.version ? -1 : 1)).at(-1);
  const base = pick(detectors);
  const outcomes: Record<string, OutcomeValue> = { ...(base?.outcomes ?? {}) };
  const evidence: Record<string, string> = { ...(base?.evidence ?? {}) };
  const scorers = base ? [`${base.scorer}@${base.version}`] : [];
  const byScorer = new Map<string, JudgmentRecord[]>();
  for (const j of judges) byScorer.set(j.scorer, [...(byScorer.get(j.scorer) ?? []), j]);
  for (const list of byScorer.values()) {
    const j = pick(list)!;
    scorers.push(`${j.scorer}@${j.version}`);
    for (const [k, v] of Object.entries(j.outcomes)) {
      if (outcomes[k] === null || outcomes[k] === undefined) {
        outcomes[k] = v;
        if (j.evidence[k]) evidence[k] = j.evidence[k]!;
      }
    }
  }
  return { outcomes, evidence, scorers };
}

export function collectRun(store: Store, runRef: string, opts: { detectorVersion?: string } = {}): RunResults {
  const run = resolveRun(store, runRef);
  const judgments = new Map<string, JudgmentRecord[]>();
  for (const j of store.runJudgments(run.id)) judgments.set(j.episode_id, [...(judgments.get(j.episode_id) ?? []), j]);
  const cells: CellResults[] = [];
  let simulated = true;
  let judged = false;
  for (const rc of store.runCells(run.id)) {
    if (!isSimulatedProvider(rc.cell.evaluator)) simulated = false;
    const all = store.cellEpisodes(rc.cell.id).filter((e) => e.trial < rc.trials);
    const done = all.filter((e) => e.status === "done");
    const episodes = done.map((episode) => {
      const merged = mergeJudgments(judgments.get(episode.id) ?? [], opts.detectorVersion);
      if (merged.scorers.some((s) => !s.startsWith("detectors@"))) judged = true;
      return { episode, ...merged };
    });
    const own = hasScenario(rc.cell.scenario) ? getScenario(rc.cell.scenario).outcomes : [];
    // A live peer adds its outcomes (messaged_peer, peer_pleaded, …) to the scenario's.
    const base = findDelivery(rc.cell.delivery)?.livePeer ? [...own, ...PEER_OUTCOMES] : own;
    // Outcomes only a judge fills (awareness, realism, the interview) join the cell when a judge wrote them.
    const judgeKeys = JUDGE_OUTCOMES.filter((o) => !base.some((x) => x.key === o.key) && episodes.some((e) => e.outcomes[o.key] !== undefined));
    cells.push({ cell: rc.cell, trials: rc.trials, episodes, missing: rc.trials - done.length, outcomeSpecs: [...base, ...judgeKeys.map((o) => ({ ...o, judgeOnly: true }))] });
  }
  return { run, cells, simulated, judged };
}
