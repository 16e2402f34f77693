// The worker's edge: its environment and consent, the database and its queue, Ctrl-C, and each run it
// serves run through the same path as `peerlab resume` (its lease owner, heartbeat and budget ledger).
import type { Readable } from "node:stream";
import type { EpisodeQueue, ResolvedExperiment, RetryFailed, RunResult, ServeSummary } from "../runner/index.js";
import type { Store } from "../store/index.js";
import { environment, openDb, packageVersion, systemClock } from "./context.js";
import { dbPassword } from "./options.js";
import { note } from "./output.js";
import { executeRun, leaseFromEnv, workerStartFromEnv } from "./run-action.js";

export interface WorkerOptions {
  db: string;
  allowHost?: string[];
  run?: string[];
  concurrency?: number;
  untilIdle?: boolean;
  pollMs: number;
  quiet?: boolean;
  /**
   * This worker is a share of a `run` in the same process (on PostgreSQL, where `run` works through
   * the queue): that `run` handles Ctrl-C (aborting this signal) and shows progress.
   */
  share?: { signal: AbortSignal };
  /**
   * `resume` on PostgreSQL serving its one run through the queue: the run as its user asked for it
   * (raised budget, concurrency; its consent is checked when the share runs, as on SQLite) and the
   * failed episodes it retries, once each.
   */
  resume?: { runId: string; resolved: ResolvedExperiment; retry: RetryFailed };
  /**
   * Started by `run --workers` before the run was registered: once loaded and open, wait (at most
   * `timeoutMs`) for the parent's word on `input` that the run is in the database (./worker-start.ts).
   */
  awaitStart?: { input: Readable; timeoutMs: number };
}

export interface WorkerOutcome extends ServeSummary {
  interrupted: boolean;
  /** What the last share this worker ran reported (why it stopped, what budget was reached). */
  last: RunResult | null;
}

export async function runWorker(opts: WorkerOptions): Promise<WorkerOutcome> {
  const { serve, runSleep, eligibility } = await import("../runner/index.js");
  const { allowedHosts } = await import("../models/index.js");
  const { terminalSafe } = await import("../spec/index.js");
  const env = environment();
  const store = await openDb(opts);
  let queue: EpisodeQueue;
  try {
    queue = await openQueue(store, opts.db, env, opts.resume?.retry);
  } catch (e) {
    store.close();
    throw e;
  }
  const controller = new AbortController();
  // Ctrl-C (or SIGTERM from `run --workers`' parent or a supervisor) stops looking for work and stops
  // the run in progress, which saves; a second quits at once. The run is given this stop itself: a
  // signal that lands before the run has set up its own Ctrl-C handler must still stop it.
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals > 1) process.exit(130);
    controller.abort(new Error("interrupted"));
  };
  const shared = opts.share;
  if (shared?.signal.aborted) onSignal();
  else if (shared) shared.signal.addEventListener("abort", onSignal, { once: true });
  else {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  let last: RunResult | null = null;
  const resume = opts.resume;
  const me = { peerlab: packageVersion(), env, allowedHosts: allowedHosts(opts.allowHost, env) };
  const eligibilityOf = (runId: string) => eligibility(store, runId, me);
  // Started early by `run --workers`, the word to go names the run and this worker's concurrency.
  let runIds = opts.run;
  let concurrency = opts.concurrency;
  try {
    if (opts.awaitStart) {
      // What serving a share loads, loaded while the parent registers the run.
      await Promise.all([import("./logging.js"), import("./progress.js"), import("../errors.js")]);
      const { awaitGo } = await import("./worker-start.js");
      const word = await awaitGo(opts.awaitStart.input, opts.awaitStart.timeoutMs, controller.signal, opts.run ?? []);
      // The parent exited before registering the run, or had no share for this worker: nothing to serve.
      if (word.kind === "gone") return { served: [], skipped: [], interrupted: false, last: null };
      if (word.kind === "go" && word.runId !== null) runIds = [word.runId];
      if (word.kind === "go" && word.concurrency !== null) concurrency = word.concurrency;
    }
    const summary = await serve({
      store,
      queue,
      clock: systemClock,
      me,
      runIds,
      untilIdle: opts.untilIdle === true,
      pollMs: opts.pollMs,
      signal: controller.signal,
      sleep: runSleep,
      say: (line) => note(terminalSafe(line)),
      ...(concurrency ? { batch: concurrency } : {}),
      ...(resume
        ? { retry: resume.retry, check: (runId: string) => (runId === resume.runId ? { ok: true, resolved: resume.resolved, env } : eligibilityOf(runId)) }
        : {}),
      serveRun: async (runId, resolved, _env, only) => {
        if (concurrency) resolved.spec.concurrency = concurrency;
        const outcome = await executeRun(resolved, {
          db: opts.db,
          quiet: opts.quiet ?? true,
          allowHost: opts.allowHost,
          runId,
          noReport: true,
          sharedLimits: true,
          store,
          ...(only ? { only } : {}),
          ...(shared ? { share: shared } : { startAt: workerStartFromEnv(env), stop: controller.signal }),
        });
        last = outcome.result;
        return outcome.result;
      },
    });
    return { ...summary, interrupted: controller.signal.aborted, last };
  } finally {
    if (!shared) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    try {
      await queue.close();
    } finally {
      store.close();
    }
  }
}

/** The queue for the store: pg-boss in the same PostgreSQL database, or the SQLite file's own claims. */
async function openQueue(store: Store, db: string, env: Record<string, string | undefined>, retry?: RetryFailed): Promise<EpisodeQueue> {
  const { isPostgresUrl } = await import("../store/index.js");
  const { sqliteQueue, pgBossQueue, loadPgBossQueue, DEFAULT_LEASE_MS } = await import("../runner/index.js");
  if (!isPostgresUrl(db)) return sqliteQueue(store);
  const { PgBossEpisodeQueue } = await loadPgBossQueue();
  // A job expires with the episode claim's lease: a worker gone past it gives its jobs back.
  const password = dbPassword(db);
  const boss = await PgBossEpisodeQueue.open({ connectionString: db, leaseMs: leaseFromEnv(env) ?? DEFAULT_LEASE_MS, ...(password ? { password } : {}) });
  return pgBossQueue(store, boss, retry);
}
