// The worker loop: find a run with open work, check that this worker may serve it, take a share of its
// episodes from the queue (the port: the store's claims on SQLite, pg-boss on PostgreSQL), run them
// (every episode still claimed in the store, so any number of workers share the run), hand the share
// back, and look again. A run it may not serve is skipped once, with the reason said. It stops when asked (its signal)
// or, when told to, once no run has work for it.
import type { Store } from "../../store/index.js";
import type { Clock } from "../../util/index.js";
import type { RunResult } from "../result.js";
import type { ResolvedExperiment } from "../load.js";
import { eligibility, type Eligibility, type WorkerIdentity } from "./eligibility.js";
import { hasEnded, type EpisodeQueue, type RetryFailed } from "./queue.js";

export interface ServeOptions {
  store: Store;
  queue: EpisodeQueue;
  clock: Clock;
  me: WorkerIdentity;
  /** Serve only these runs (run --workers gives its one run); otherwise every eligible run. */
  runIds?: readonly string[];
  /** Stop once no run has open work (instead of waiting for new work). */
  untilIdle: boolean;
  /** How long to wait between looks for work. */
  pollMs: number;
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How many episodes to take at a time (default: the run's concurrency). */
  batch?: number;
  /** Run (or continue) one run's episodes (`only` these, when the queue handed out a share) with this worker's share of its concurrency. */
  serveRun: (runId: string, resolved: ResolvedExperiment, env: Record<string, string | undefined>, only: ReadonlySet<string> | null) => Promise<RunResult>;
  say: (line: string) => void;
  /**
   * Whether this worker may serve the run, and with what (default: `eligibility`). `resume` serving its
   * own run passes the run as its user asked for it (a raised budget, another concurrency).
   */
  check?: (runId: string) => Eligibility;
  /** The failed episodes this process retries (`resume`): their jobs end only once retried. */
  retry?: RetryFailed;
}

export interface ServeSummary {
  served: { run_id: string; status: string; ran: number; done: number }[];
  skipped: { run_id: string; reason: string }[];
}

export async function serve(o: ServeOptions): Promise<ServeSummary> {
  const summary: ServeSummary = { served: [], skipped: [] };
  const skipped = new Map<string, string>();
  const wanted = o.runIds ? new Set(o.runIds) : null;
  while (!o.signal.aborted) {
    const open = (await o.queue.openRuns(o.clock.now().getTime())).filter((r) => (wanted ? wanted.has(r.id) : true) && !skipped.has(r.id));
    let servedOne = false;
    for (const run of open) {
      if (o.signal.aborted) break;
      const e = o.check ? o.check(run.id) : eligibility(o.store, run.id, o.me);
      if (!e.ok) {
        skipped.set(run.id, e.reason);
        summary.skipped.push({ run_id: run.id, reason: e.reason });
        o.say(`skipping run ${run.id}: ${e.reason}`);
        continue;
      }
      const share = await o.queue.take(run.id, o.batch ?? e.resolved.spec.concurrency, o.clock.now().getTime());
      if (!share) continue; // another worker took the last of it meanwhile
      let r: RunResult;
      try {
        r = await o.serveRun(run.id, e.resolved, e.env, share.episodeIds ? new Set(share.episodeIds) : null);
      } finally {
        await o.queue.finish(share, endedEpisodes(o.store, run.id, o.retry));
      }
      const prior = summary.served.find((s) => s.run_id === r.run_id);
      if (prior) Object.assign(prior, { status: r.status, ran: prior.ran + r.ran, done: r.done });
      else summary.served.push({ run_id: r.run_id, status: r.status, ran: r.ran, done: r.done });
      servedOne = true;
      break; // look again: runs may have started or ended meanwhile
    }
    if (servedOne) continue;
    if (o.untilIdle) {
      // A named run whose last episodes another process still holds is not idle: wait for them, so
      // that this process sees the run end (or takes them over, when that process dies and they come
      // back to the queue) instead of leaving while the run is unfinished.
      if (!wanted || !heldElsewhere(o.store, wanted, o.clock.now().getTime())) break;
      await o.sleep(Math.min(o.pollMs, HELD_WAIT_MS), o.signal).catch(() => undefined);
      continue;
    }
    await o.sleep(o.pollMs, o.signal).catch(() => undefined);
  }
  return summary;
}

/** How often a worker told to serve named runs looks again while another process holds their last episodes. */
export const HELD_WAIT_MS = 250;

/** Whether one of the runs is still running with episodes under another process's live claim. */
function heldElsewhere(store: Store, runIds: ReadonlySet<string>, now: number): boolean {
  try {
    return [...runIds].some((id) => store.getRun(id)?.status === "running" && store.liveClaims(id, now).length > 0);
  } catch {
    return false; // the database cannot say: leave, as before
  }
}

/** The run's episodes that ended (done, or failed and not retried here); none when the database cannot say (all then wait again). */
function endedEpisodes(store: Store, runId: string, retry?: RetryFailed): Set<string> {
  try {
    return new Set(
      store
        .runEpisodes(runId)
        .filter((ep) => hasEnded(ep, retry))
        .map((ep) => ep.id),
    );
  } catch {
    return new Set();
  }
}
