// The worker loop: find a run with open work, check that this worker may serve it, run its episodes
// (every episode claimed through the queue's lease, so any number of workers share the run), and look
// again. A run it may not serve is skipped once, with the reason said. It stops when asked (its signal)
// or, when told to, once no run has work for it.
import type { Store } from "../../store/index.js";
import type { Clock } from "../../util/index.js";
import type { RunResult } from "../execute.js";
import type { ResolvedExperiment } from "../load.js";
import { eligibility, type WorkerIdentity } from "./eligibility.js";
import type { EpisodeQueue } from "./queue.js";

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
  /** Run (or continue) one run's episodes with this worker's share of its concurrency. */
  serveRun: (runId: string, resolved: ResolvedExperiment, env: Record<string, string | undefined>) => Promise<RunResult>;
  say: (line: string) => void;
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
      const e = eligibility(o.store, run.id, o.me);
      if (!e.ok) {
        skipped.set(run.id, e.reason);
        summary.skipped.push({ run_id: run.id, reason: e.reason });
        o.say(`skipping run ${run.id}: ${e.reason}`);
        continue;
      }
      const r = await o.serveRun(run.id, e.resolved, e.env);
      summary.served.push({ run_id: r.run_id, status: r.status, ran: r.ran, done: r.done });
      servedOne = true;
      break; // look again: runs may have started or ended meanwhile
    }
    if (servedOne) continue;
    if (o.untilIdle) break;
    await o.sleep(o.pollMs, o.signal).catch(() => undefined);
  }
  return summary;
}
