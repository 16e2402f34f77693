// A run's episodes with their cells and merged outcomes, and the filters of the episodes page:
// cell, scenario, peer, threat, delivery, target, status, a behaviour (an outcome's value), refusal,
// seed and trial.
import { mergeJudgments } from "../../report/index.js";
import type { CellRecord, EpisodeRecord, JudgmentRecord, OutcomeValue, Store } from "../../store/index.js";
import { MISSING_FACTOR } from "../../spec/index.js";

export interface EpisodeRow {
  episode: EpisodeRecord;
  cell: CellRecord;
  position: number;
  outcomes: Record<string, OutcomeValue>;
  evidence: Record<string, string>;
}

export const FILTER_KEYS = ["cell", "scenario", "peer", "threat", "delivery", "target", "status", "outcome", "is", "refused", "seed", "trial"] as const;
export type EpisodeFilter = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function parseFilter(query: Record<string, string | undefined>): EpisodeFilter {
  const f: EpisodeFilter = {};
  for (const k of FILTER_KEYS) {
    const v = query[k]?.trim();
    if (v) f[k] = v.slice(0, 200);
  }
  return f;
}

export function runEpisodeRows(store: Store, runId: string): EpisodeRow[] {
  const cells = new Map(store.runCells(runId).map((rc) => [rc.cell.id, rc]));
  const judgments = new Map<string, JudgmentRecord[]>();
  for (const j of store.runJudgments(runId)) judgments.set(j.episode_id, [...(judgments.get(j.episode_id) ?? []), j]);
  return store.runEpisodes(runId).map((episode) => {
    const rc = cells.get(episode.cell_id)!;
    const merged = mergeJudgments(judgments.get(episode.id) ?? []);
    return { episode, cell: rc.cell, position: rc.position, outcomes: merged.outcomes, evidence: merged.evidence };
  });
}

/** "yes" / "no" / "unknown" for an outcome value (unknown: null or not scored). */
export function truth(v: OutcomeValue | undefined): "yes" | "no" | "unknown" {
  if (v === true) return "yes";
  if (v === false) return "no";
  return "unknown";
}

export function filterRows(rows: readonly EpisodeRow[], f: EpisodeFilter): EpisodeRow[] {
  const eq = (want: string | undefined, have: string | null) => want === undefined || want === (have ?? MISSING_FACTOR);
  return rows.filter((r) => {
    const c = r.cell;
    if (
      !eq(f.cell, c.id) ||
      !eq(f.scenario, c.scenario) ||
      !eq(f.peer, c.peer) ||
      !eq(f.threat, c.threat) ||
      !eq(f.delivery, c.delivery) ||
      !eq(f.target, c.target)
    )
      return false;
    if (!eq(f.status, r.episode.status)) return false;
    if (f.outcome && truth(r.outcomes[f.outcome]) !== (f.is ?? "yes")) return false;
    if (f.refused && truth(r.outcomes.refused) !== f.refused) return false;
    if (f.seed && !String(r.episode.seed).startsWith(f.seed)) return false;
    if (f.trial && String(r.episode.trial) !== f.trial) return false;
    return true;
  });
}

/** The values each filter can take in this run, for the filter form. */
export function filterChoices(rows: readonly EpisodeRow[]): Record<"scenario" | "peer" | "threat" | "delivery" | "target" | "status" | "outcome", string[]> {
  const set = (get: (r: EpisodeRow) => string | null) => [...new Set(rows.map((r) => get(r) ?? MISSING_FACTOR))].sort();
  return {
    scenario: set((r) => r.cell.scenario),
    peer: set((r) => r.cell.peer),
    threat: set((r) => r.cell.threat),
    delivery: set((r) => r.cell.delivery),
    target: set((r) => r.cell.target),
    status: set((r) => r.episode.status),
    outcome: [
      ...new Set(
        rows.flatMap((r) =>
          Object.entries(r.outcomes)
            .filter(([k, v]) => k !== "refused" && typeof v === "boolean")
            .map(([k]) => k),
        ),
      ),
    ].sort(),
  };
}
