// The worker's edge: its environment and consent, the database and its queue, Ctrl-C, and each run it
// serves run through the same path as `peerlab resume` (its lease owner, heartbeat and budget ledger).
import type { ResolvedExperiment, ServeSummary } from "../runner/index.js";
import { environment, openDb, packageVersion, systemClock } from "./context.js";
import { note } from "./output.js";
import { executeRun } from "./run-action.js";

export interface WorkerOptions {
  db: string;
  allowHost?: string[];
  run?: string[];
  concurrency?: number;
  untilIdle?: boolean;
  pollMs: number;
  quiet?: boolean;
}

export async function runWorker(opts: WorkerOptions): Promise<ServeSummary & { interrupted: boolean }> {
  const { serve, sqliteQueue, runSleep } = await import("../runner/index.js");
  const { allowedHosts } = await import("../models/index.js");
  const { terminalSafe } = await import("../spec/index.js");
  const env = environment();
  const store = await openDb(opts);
  const controller = new AbortController();
  // Ctrl-C (or SIGTERM from `run --workers`' parent or a supervisor) stops looking for work; the run in
  // progress stops and saves through its own handler (a second Ctrl-C quits at once there).
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const summary = await serve({
      store,
      queue: sqliteQueue(store),
      clock: systemClock,
      me: { peerlab: packageVersion(), env, allowedHosts: allowedHosts(opts.allowHost, env) },
      runIds: opts.run,
      untilIdle: opts.untilIdle === true,
      pollMs: opts.pollMs,
      signal: controller.signal,
      sleep: runSleep,
      say: (line) => note(terminalSafe(line)),
      serveRun: async (runId: string, resolved: ResolvedExperiment) => {
        if (opts.concurrency) resolved.spec.concurrency = opts.concurrency;
        const outcome = await executeRun(resolved, { db: opts.db, quiet: opts.quiet ?? true, allowHost: opts.allowHost, runId, noReport: true });
        return outcome.result;
      },
    });
    return { ...summary, interrupted: controller.signal.aborted };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    store.close();
  }
}
