// Branching: a counterfactual episode that reuses a recorded prefix up to the N-th evaluator call and
// continues with another (live or sim) model. It is a new episode linked to its parent; its events
// equal the parent's up to the branch point.
import { buildEpisodeGraph } from "../episode/index.js";
import { DETECTORS, detectorVersion, runEpisode } from "../episode/index.js";
import { replaySourceFromEvents } from "../episode/index.js";
import { PeerlabError } from "../errors.js";
import { Governor } from "../models/index.js";
import { getScenario } from "../scenarios/index.js";
import { parseProviderRef } from "../spec/index.js";
import { putBoundJudgment, type EpisodeRecord, type Store } from "../store/index.js";
import type { Clock } from "../util/index.js";
import { shortHash } from "../util/index.js";
import { recordedShellHarness } from "../world/index.js";
import { loadStoredEpisode, refuseImported } from "./stored-episode.js";

export interface BranchOptions {
  fromStep: number;
  provider: string;
  clock: Clock;
  env: Record<string, string | undefined>;
  attempt?: number;
  governor?: Governor;
}

export interface BranchResult {
  episode: EpisodeRecord;
  parent: string;
  from_step: number;
  provider: string;
  /** False when the same branch existed and was done already. */
  ran: boolean;
  digest: string | null;
}

export async function branchEpisode(store: Store, ref: string, opts: BranchOptions): Promise<BranchResult> {
  const ref2 = parseProviderRef(opts.provider);
  if (typeof ref2 === "string") throw new PeerlabError("ARGS_INVALID", `--provider: ${ref2}`);
  const s = loadStoredEpisode(store, ref, opts.attempt);
  refuseImported(s);
  const evaluatorCalls = s.events.filter((e) => e.kind === "model_call" && e.role === "evaluator").length;
  if (!Number.isInteger(opts.fromStep) || opts.fromStep < 0 || opts.fromStep > evaluatorCalls) {
    throw new PeerlabError(
      "ARGS_INVALID",
      `--from-step: episode ${s.episode.id} has ${evaluatorCalls} evaluator calls; expected 0 to ${evaluatorCalls}, got ${opts.fromStep}`,
    );
  }
  const id = `br-${shortHash({ parent: s.episode.id, attempt: s.attempt, from: opts.fromStep, provider: ref2.id })}`;
  const episode = store.ensureEpisode({
    id,
    cell_id: s.episode.cell_id,
    trial: s.episode.trial,
    seed: s.episode.seed,
    parent_id: s.episode.id,
    branch_step: opts.fromStep,
  });
  const base = { parent: s.episode.id, from_step: opts.fromStep, provider: ref2.id };
  if (episode.status === "done") return { ...base, episode, ran: false, digest: store.getAttempt(id, episode.attempt)?.digest ?? null };

  const attempt = store.beginAttempt(id, null);
  try {
    const r = await runEpisode(
      {
        episodeId: id,
        attempt,
        trial: s.episode.trial,
        seed: s.episode.seed,
        cell: s.cell,
        fixture: s.fixture,
        replay: replaySourceFromEvents(s.events, { strict: false, evaluatorCalls: opts.fromStep }),
        evaluator: ref2.id,
        // The prefix re-executes as recorded, and the branch goes on under the same shell harness.
        shellHarness: recordedShellHarness(s.events[0]?.payload),
      },
      { store, governor: opts.governor ?? new Governor(), clock: opts.clock, env: opts.env, graph: buildEpisodeGraph() },
    );
    store.transaction(() => {
      store.endAttempt(id, attempt, { status: "done", turns: r.turns, end_reason: r.endReason, digest: r.digest });
      putBoundJudgment(store, {
        episode_id: id,
        attempt,
        scorer: DETECTORS,
        version: detectorVersion(getScenario(s.cell.scenario)),
        outcomes: r.result.outcomes,
        evidence: r.result.evidence,
      });
    });
    return { ...base, episode: store.getEpisode(id)!, ran: true, digest: r.digest };
  } catch (e) {
    store.endAttempt(id, attempt, { status: "failed", error: { code: e instanceof PeerlabError ? e.code : "EXCEPTION", message: (e as Error).message } });
    throw e;
  }
}
