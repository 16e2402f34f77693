// Rescoring: apply the installed detectors to stored episodes without calling any model. New outcomes
// are stored beside the old under the detectors' version; a version whose outputs changed without a
// version bump is refused (reported), never overwritten.
import { detectOutcomes, detectorVersion, DETECTORS, setupEpisode } from "../episode/index.js";
import { PeerlabError } from "../errors.js";
import { applyUnseen, importUnseen } from "../import/index.js";
import { resolveRun } from "../report/index.js";
import { getScenario } from "../scenarios/index.js";
import { putBoundJudgment, type Store } from "../store/index.js";
import { canonicalJson } from "../util/index.js";
import { loadStoredEpisode } from "./stored-episode.js";

export interface RescoreResult {
  run_id: string;
  episodes: number;
  /** New judgments written (a version the episode did not have). */
  written: number;
  /** Episodes whose judgment at the installed version was already there and identical. */
  unchanged: number;
  /** Same version, different outputs: the detector changed without a version bump. */
  conflicts: { episode: string; version: string; keys: string[] }[];
  versions: string[];
}

export function rescoreRun(store: Store, runRef: string, opts: { expectVersion?: string } = {}): RescoreResult {
  const run = resolveRun(store, runRef);
  const out: RescoreResult = { run_id: run.id, episodes: 0, written: 0, unchanged: 0, conflicts: [], versions: [] };
  const versions = new Set<string>();
  for (const e of store.runEpisodes(run.id)) {
    if (e.status !== "done") continue;
    const s = loadStoredEpisode(store, e.id);
    const scenario = getScenario(s.cell.scenario);
    const version = detectorVersion(scenario);
    if (opts.expectVersion && version !== opts.expectVersion && !version.endsWith(`@${opts.expectVersion}`)) {
      throw new PeerlabError("ARGS_INVALID", `--detectors ${opts.expectVersion}: the installed detectors for ${scenario.id} are ${version}`);
    }
    versions.add(version);
    out.episodes++;
    const detected = detectOutcomes(scenario, setupEpisode(s.cell, s.fixture).ctx, s.events);
    // An imported episode keeps as unknown what its import could not see (src/import/unseen.ts).
    const why = importUnseen(s.events);
    const result = why ? applyUnseen(scenario.id, detected, why) : detected;
    const existing = store.listJudgments(e.id, s.attempt).find((j) => j.scorer === DETECTORS && j.version === version);
    if (existing) {
      const changed = Object.keys({ ...existing.outcomes, ...result.outcomes }).filter(
        (k) => canonicalJson(existing.outcomes[k]) !== canonicalJson(result.outcomes[k]),
      );
      if (changed.length) out.conflicts.push({ episode: e.id, version, keys: changed });
      else out.unchanged++;
      continue;
    }
    store.transaction(() =>
      putBoundJudgment(store, { episode_id: e.id, attempt: s.attempt, scorer: DETECTORS, version, outcomes: result.outcomes, evidence: result.evidence }),
    );
    out.written++;
  }
  out.versions = [...versions].sort();
  return out;
}
