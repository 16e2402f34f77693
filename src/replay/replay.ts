// Replay: re-execute stored episodes offline, serving every model answer from the recording and
// checking every request and every event against it. Fails closed: the first difference is reported
// with its step, role and a readable diff; a live model is never called.
import { buildEpisodeGraph, DETECTORS, detectorVersion } from "../episode/index.js";
import { runEpisode } from "../episode/index.js";
import { replaySourceFromEvents } from "../episode/index.js";
import { Governor } from "../models/index.js";
import { ReplayDivergedError } from "../models/index.js";
import { PeerlabError } from "../errors.js";
import { collectRun, resolveRun } from "../report/index.js";
import { summarizeCell } from "../report/index.js";
import type { OutcomeValue, Store } from "../store/index.js";
import { verifyAttempt, type AttemptCheck } from "../store/index.js";
import { resolveEpisode } from "../report/index.js";
import { getScenario } from "../scenarios/index.js";
import { STIMULI_GENERATIONS } from "../scenarios/index.js";
import type { Clock } from "../util/index.js";
import { extraThreads, replayInOrder, startReplayPool, type ReplayPool } from "./pool.js";
import { loadStoredEpisode, refuseImported } from "./stored-episode.js";

export interface Divergence {
  /** The N-th model call (all roles) whose request differed, with a diff. */
  step?: number;
  role?: string;
  diff?: string;
  /** Otherwise the first event that differed: its kind in the recording and in the replay. */
  event?: number;
  kind?: string;
  replayed_kind?: string;
  detail?: string;
  /** What differs, in a word: a request, an event of the re-execution, or the stored record itself. */
  cause: "request" | "event" | "record" | "version";
}

export interface ReplayOutcome {
  id: string;
  attempt: number;
  /** Every request and event matched and the digest is the stored one (and, verifying, the stored record is intact). */
  ok: boolean;
  /** Every model request hash-equalled the recorded one (events may still differ, e.g. a detector). */
  requests_ok: boolean;
  digest: string | null;
  stored_digest: string | null;
  diverged_at?: Divergence;
  outcomes?: Record<string, OutcomeValue>;
  /** With verify: the stored record's own check (chain, rows, judgments). */
  log?: AttemptCheck;
}

export interface ReplayOptions {
  clock: Clock;
  attempt?: number;
  graph?: ReturnType<typeof buildEpisodeGraph>;
  /** Also verify the stored record itself: every payload's hash, the chain to the digest, the rows, the judgments' bindings. */
  verify?: boolean;
}

/** Scenario versions whose stimuli this peerlab keeps (each generation is its version number). */
const KNOWN_STIMULI_VERSIONS: ReadonlySet<string> = new Set(STIMULI_GENERATIONS.map(String));

export async function replayEpisode(store: Store, ref: string, opts: ReplayOptions): Promise<ReplayOutcome> {
  const episode = resolveEpisode(store, ref);
  const attempt = opts.attempt ?? episode.attempt;
  const stored = store.getAttempt(episode.id, attempt);
  // The stored record is checked before anything is read from it: a forged log is not re-executed.
  const log = opts.verify && stored ? verifyAttempt(store, episode.id, attempt) : undefined;
  const base = { id: episode.id, attempt, stored_digest: stored?.digest ?? null, ...(log ? { log } : {}) };
  if (log && !log.intact) {
    const p = log.problems[0]!;
    return {
      ...base,
      ok: false,
      requests_ok: false,
      digest: null,
      diverged_at: { cause: "record", ...(p.seq !== null ? { event: p.seq } : {}), ...(p.kind ? { kind: p.kind } : {}), detail: p.what },
    };
  }
  const s = loadStoredEpisode(store, episode.id, opts.attempt);
  refuseImported(s);
  // An episode re-executes under the scenario version it recorded; every version this peerlab still
  // knows is addressable (docs/SCENARIOS.md, stimuli versions). An unknown one is not a model divergence.
  const installed = getScenario(s.cell.scenario).version;
  if (s.cell.scenario_version !== installed && !KNOWN_STIMULI_VERSIONS.has(s.cell.scenario_version)) {
    return {
      ...base,
      ok: false,
      requests_ok: false,
      digest: null,
      diverged_at: {
        cause: "version",
        detail:
          `recorded under scenario ${s.cell.scenario} version ${s.cell.scenario_version}; ` +
          `this peerlab has version ${installed} and does not know that version and ` +
          `re-executes an episode only under the version it recorded (use the peerlab that recorded it)`,
      },
    };
  }
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
    const diverged_at: Divergence | undefined = mismatch
      ? { cause: "event", event: mismatch.seq, kind: mismatch.expectedKind ?? "(none)", replayed_kind: mismatch.kind, detail: mismatch.detail }
      : r.digest !== stored!.digest
        ? { cause: "event", detail: `the replay's digest ${r.digest.slice(0, 12)} is not the stored digest ${(stored!.digest ?? "none").slice(0, 12)}` }
        : undefined;
    return { ...base, ok: diverged_at === undefined, requests_ok: true, digest: r.digest, diverged_at, outcomes: r.result.outcomes };
  } catch (e) {
    if (e instanceof ReplayDivergedError)
      return { ...base, ok: false, requests_ok: false, digest: null, diverged_at: { cause: "request", step: e.step, role: e.role, diff: e.diff } };
    if (e instanceof PeerlabError && e.code === "REPLAY_DIVERGED")
      return { ...base, ok: false, requests_ok: false, digest: null, diverged_at: { cause: "request", detail: e.message } };
    throw e;
  }
}

export interface RunReplay {
  run_id: string;
  ok: boolean;
  episodes: ReplayOutcome[];
  /** The per-cell summaries computed from the replayed outcomes equal the stored report's. */
  report_reproduced: boolean;
  /** Where the report differs: the episodes whose stored outcomes are not what the replay computed. */
  outcome_mismatches: { episode: string; keys: string[] }[];
  /** Episodes whose stored detector outcomes came from an older detector version: not compared (rescore them). */
  older_detectors: string[];
  /** With verify: the episodes' other attempts (not re-executed), whose stored records are checked too. */
  other_attempts: AttemptCheck[];
}

export interface RunReplayOptions {
  clock: Clock;
  verify?: boolean;
  onEpisode?: (r: ReplayOutcome) => void;
  /** Threads replaying beside this one, started by the caller (startReplayPool); the caller closes them. */
  pool?: ReplayPool | null;
  /** Without a pool: replay on this many threads in all (default 1, this one alone); a SQLite file only. */
  threads?: number;
}

export async function replayRun(store: Store, runRef: string, opts: RunReplayOptions): Promise<RunReplay> {
  const run = resolveRun(store, runRef);
  const graph = buildEpisodeGraph();
  const all = store.runEpisodes(run.id);
  const done = all.filter((e) => e.status === "done");
  const own = opts.pool === undefined && (opts.threads ?? 1) > 1;
  const pool = own ? startReplayPool({ file: store.file, threads: extraThreads(done.length, opts.threads), now: opts.clock.now() }) : (opts.pool ?? null);
  // What needs no outcome (the stored report, the other attempts' records) is read while the threads
  // finish their last episodes; an error in it is thrown again below, after the replay's own.
  const prepare = () => {
    const other_attempts = opts.verify
      ? all.flatMap((e) =>
          store
            .listAttempts(e.id)
            .filter((a) => !(e.status === "done" && a.attempt === e.attempt))
            .map((a) => verifyAttempt(store, e.id, a.attempt)),
        )
      : [];
    const results = collectRun(store, run.id);
    return { other_attempts, results, stored: results.cells.map(summarizeCell) };
  };
  let early: ReturnType<typeof prepare> | undefined;
  const whileWaiting = () => {
    try {
      early = prepare();
    } catch {
      // read again below, where its error belongs
    }
  };
  let episodes: ReplayOutcome[];
  try {
    const local = (id: string) => replayEpisode(store, id, { clock: opts.clock, graph, verify: opts.verify });
    episodes = await replayInOrder(
      done.map((e) => e.id),
      local,
      pool,
      opts.verify === true,
      opts.onEpisode,
      whileWaiting,
    );
  } finally {
    if (own) await pool?.close();
  }
  const { other_attempts, results, stored } = early ?? prepare();
  // Detector outcomes are compared where the stored ones came from the detectors this peerlab runs. An
  // episode scored by an older detector version (a declared change of the rules) keeps its stored
  // outcomes here; `peerlab rescore` brings it to the current rules. Its events are still replayed.
  const current = new Set(
    results.cells.flatMap((c) =>
      c.episodes.filter((e) => e.scorers.includes(`${DETECTORS}@${detectorVersion(getScenario(c.cell.scenario))}`)).map((e) => e.episode.id),
    ),
  );
  const older_detectors = results.cells.flatMap((c) =>
    c.episodes.filter((e) => e.scorers.some((x) => x.startsWith(`${DETECTORS}@`)) && !current.has(e.episode.id)).map((e) => e.episode.id),
  );
  const replayed = new Map(episodes.filter((r) => !older_detectors.includes(r.id)).map((r) => [r.id, r.outcomes]));
  // Replayed detector outcomes, with judge values still filling what detectors leave null.
  const merge = (stored: Record<string, OutcomeValue>, fresh: Record<string, OutcomeValue> | undefined) =>
    Object.fromEntries(Object.keys({ ...stored, ...fresh }).map((k) => [k, fresh?.[k] ?? stored[k] ?? null]));
  const again = results.cells.map((c) =>
    summarizeCell({ ...c, episodes: c.episodes.map((e) => ({ ...e, outcomes: merge(e.outcomes, replayed.get(e.episode.id)) })) }),
  );
  const report_reproduced = JSON.stringify(stored) === JSON.stringify(again);
  const outcome_mismatches = results.cells.flatMap((c) =>
    c.episodes.flatMap((e) => {
      const fresh = replayed.get(e.episode.id);
      if (!fresh) return [];
      const keys = Object.keys(fresh).filter((k) => fresh[k] !== null && fresh[k] !== e.outcomes[k]);
      return keys.length ? [{ episode: e.episode.id, keys }] : [];
    }),
  );
  return {
    run_id: run.id,
    ok: episodes.every((r) => r.ok) && report_reproduced && other_attempts.every((a) => a.intact),
    episodes,
    report_reproduced,
    outcome_mismatches,
    older_detectors,
    other_attempts,
  };
}
