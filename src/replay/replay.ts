// Replay: re-execute stored episodes offline, serving every model answer from the recording and
// checking every request and every event against it. Fails closed: the first difference is reported
// with its step, role and a readable diff; a live model is never called.
import { buildEpisodeGraph } from "../../graphs/episode.js";
import { runEpisode } from "../episode/index.js";
import { replaySourceFromEvents } from "../episode/replay-source.js";
import { Governor } from "../models/governor.js";
import { ReplayDivergedError } from "../models/port.js";
import { PeerlabError } from "../errors.js";
import { collectRun, resolveRun } from "../report/collect.js";
import { summarizeCell } from "../report/summarize.js";
import type { OutcomeValue, Store } from "../store/index.js";
import type { Clock } from "../util/clock.js";
import { loadStoredEpisode, refuseImported } from "./stored-episode.js";

export interface Divergence {
  /** The N-th model call (all roles) whose request differed, with a diff. */
  step?: number;
  role?: string;
  diff?: string;
  /** Otherwise the first event that differed. */
  event?: number;
  kind?: string;
  detail?: string;
}

export interface ReplayOutcome {
  id: string;
  attempt: number;
  /** Every request and event matched and the digest is the stored one. */
  ok: boolean;
  /** Every model request hash-equalled the recorded one (events may still differ, e.g. a detector). */
  requests_ok: boolean;
  digest: string | null;
  stored_digest: string | null;
  diverged_at?: Divergence;
  outcomes?: Record<string, OutcomeValue>;
}

export async function replayEpisode(store: Store, ref: string, opts: { clock: Clock; attempt?: number; graph?: ReturnType<typeof buildEpisodeGraph> }): Promise<ReplayOutcome> {
  const s = loadStoredEpisode(store, ref, opts.attempt);
  refuseImported(s);
  const stored = store.getAttempt(s.episode.id, s.attempt)!;
  const base = { id: s.episode.id, attempt: s.attempt, stored_digest: stored.digest };
  try {
    const r = await runEpisode(
      {
        episodeId: s.episode.id,
        attempt: s.attempt,
        trial: s.episode.trial,
        seed: s.episode.seed,
        cell: s.cell,
        fixture: s.fixture,
        mode: { kind: "verify", expected: s.events },
        replay: replaySourceFromEvents(s.events, { strict: true }),
        offline: true,
      },
      { store: null, governor: new Governor(), clock: opts.clock, env: {}, graph: opts.graph },
    );
    const mismatch = r.recorder.verifyComplete();
    const diverged_at = mismatch ? { event: mismatch.seq, kind: mismatch.expectedKind ?? mismatch.kind, detail: mismatch.detail } : undefined;
    return { ...base, ok: !mismatch && r.digest === stored.digest, requests_ok: true, digest: r.digest, diverged_at, outcomes: r.result.outcomes };
  } catch (e) {
    if (e instanceof ReplayDivergedError) return { ...base, ok: false, requests_ok: false, digest: null, diverged_at: { step: e.step, role: e.role, diff: e.diff } };
    if (e instanceof PeerlabError && e.code === "REPLAY_DIVERGED") return { ...base, ok: false, requests_ok: false, digest: null, diverged_at: { detail: e.message } };
    throw e;
  }
}

export interface RunReplay {
  run_id: string;
  ok: boolean;
  episodes: ReplayOutcome[];
  /** The per-cell summaries computed from the replayed outcomes equal the stored report's. */
  report_reproduced: boolean;
}

export async function replayRun(store: Store, runRef: string, opts: { clock: Clock; onEpisode?: (r: ReplayOutcome) => void }): Promise<RunReplay> {
  const run = resolveRun(store, runRef);
  const graph = buildEpisodeGraph();
  const done = store.runEpisodes(run.id).filter((e) => e.status === "done");
  const episodes: ReplayOutcome[] = [];
  for (const e of done) {
    const r = await replayEpisode(store, e.id, { clock: opts.clock, graph });
    episodes.push(r);
    opts.onEpisode?.(r);
  }
  const replayed = new Map(episodes.map((r) => [r.id, r.outcomes]));
  const results = collectRun(store, run.id);
  const stored = results.cells.map(summarizeCell);
  // Replayed detector outcomes, with judge values still filling what detectors leave null.
  const merge = (stored: Record<string, OutcomeValue>, fresh: Record<string, OutcomeValue> | undefined) =>
    Object.fromEntries(Object.keys({ ...stored, ...fresh }).map((k) => [k, fresh?.[k] ?? stored[k] ?? null]));
  const again = results.cells.map((c) => summarizeCell({ ...c, episodes: c.episodes.map((e) => ({ ...e, outcomes: merge(e.outcomes, replayed.get(e.episode.id)) })) }));
  const report_reproduced = JSON.stringify(stored) === JSON.stringify(again);
  return { run_id: run.id, ok: episodes.every((r) => r.ok) && report_reproduced, episodes, report_reproduced };
}
