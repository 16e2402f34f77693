// What one invocation of a run reports (RunResult), assembled in one place from the run's episodes as
// the database holds them when it ends: the runner in process and `run --workers`' coordinator both
// count the episodes here, and say only what they know of their own invocation (its status, what it
// reused and ran, why it stopped).
import type { RunStatus, Store } from "../store/index.js";
import type { EpisodeUsage } from "./episode-job.js";

export interface RunProgress {
  event: "started" | "done" | "failed" | "cancelled";
  episode: string;
  cell: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  /** The finished episode's model calls (on done, failed, cancelled). */
  usage?: EpisodeUsage;
  error?: string;
}

export type StopReason = "budget" | "interrupted";

export interface RunResult {
  run_id: string;
  status: RunStatus;
  episodes: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Episodes that were already done before this invocation (continued or reused). */
  reused: number;
  /** Episodes another process ran to their end while this one worked (done or failed there). */
  elsewhere: number;
  /** Episodes this invocation ran to their end (done or failed); an interrupted or unstarted one is not counted. */
  ran: number;
  /** Why the run stopped early: its budget was reached, or it was interrupted; null otherwise. */
  stop_reason: StopReason | null;
  /** What was reached, when the budget stopped the run. */
  budget_message: string | null;
}

/** The run's episodes by how they stand: done, failed, and the rest (cancelled, waiting or still running). */
export interface EpisodeTally {
  episodes: number;
  done: number;
  failed: number;
  cancelled: number;
}

export function tallyRun(store: Store, runId: string): EpisodeTally {
  const final = store.runEpisodes(runId);
  const done = final.filter((e) => e.status === "done").length;
  const failed = final.filter((e) => e.status === "failed").length;
  return { episodes: final.length, done, failed, cancelled: final.length - done - failed };
}

/** What this invocation knows of itself; the counts come from the tally. */
export interface InvocationFacts {
  status: RunStatus;
  reused: number;
  elsewhere: number;
  ran: number;
  stop_reason: StopReason | null;
  budget_message: string | null;
}

export function runResult(runId: string, tally: EpisodeTally, facts: InvocationFacts): RunResult {
  return {
    run_id: runId,
    status: facts.status,
    ...tally,
    reused: facts.reused,
    elsewhere: facts.elsewhere,
    ran: facts.ran,
    stop_reason: facts.stop_reason,
    budget_message: facts.stop_reason === "budget" ? facts.budget_message : null,
  };
}
