// Running an experiment from the CLI: logger, progress on stderr, Ctrl-C handling, the claim owner and
// lease, the report, and the exit code (0 done, 1 failed episodes, 3 stopped early with everything saved).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { ResolvedExperiment } from "../runner/index.js";
import type { RunResult } from "../runner/index.js";
import { isPostgresUrl } from "../util/index.js";
import type { Store } from "../store/index.js";
import { environment, openDb, provenance, systemClock } from "./context.js";
import { note, printJson, printText } from "./output.js";

export interface RunOutcome {
  result: RunResult;
  reportText: string;
  exitCode: number;
}

/** What `run` and `resume` print of a finished invocation: the result as JSON, or the report and where it is. */
export function printRunOutcome(outcome: RunOutcome, db: string, json: boolean | undefined): void {
  const r = outcome.result;
  if (json)
    printJson({
      run_id: r.run_id,
      status: r.status,
      episodes: r.episodes,
      done: r.done,
      failed: r.failed,
      cancelled: r.cancelled,
      reused: r.reused,
      ran: r.ran,
      elsewhere: r.elsewhere,
      stop_reason: r.stop_reason,
      budget: r.budget_message,
      db,
    });
  else {
    printText(outcome.reportText);
    note(`Database: ${db} · run ${r.run_id} · \`peerlab report ${r.run_id}\`, \`peerlab episodes ${r.run_id}\` (then \`peerlab show <episode>\`)`);
  }
  process.exitCode = outcome.exitCode;
}

export interface ExecuteOptions {
  db: string;
  quiet?: boolean;
  allowHost?: string[];
  runId?: string;
  /** Skip the tables after the run (a worker serving runs prints none). */
  noReport?: boolean;
  /** Run only these episodes: a worker's share taken from its queue. */
  only?: ReadonlySet<string>;
  /** Share the governor's per-key limits and 429 pauses through the database (a worker; always on PostgreSQL). */
  sharedLimits?: boolean;
  /** Episodes in flight here (a worker's share of the run's concurrency); default: the spec's. */
  concurrency?: number;
  /** Where in the run this process starts (RunDeps.startAt). */
  startAt?: number;
  /**
   * A worker's own stop (its Ctrl-C or SIGTERM), which may have come before this run began: it stops the
   * run as a first Ctrl-C does. The worker's handler makes a second Ctrl-C quit at once.
   */
  stop?: AbortSignal;
  /**
   * This process's share of a `run --workers` invocation, which shows progress, handles Ctrl-C (aborting
   * this signal) and says how the run ended; this share prints nothing of its own.
   */
  share?: { signal: AbortSignal };
  /** An open store to use (a worker's, for each share it serves); left open. Default: open `db`, closed at the end. */
  store?: Store;
}

let processProvenance: Record<string, unknown> | null = null;

/** This process's versions and git state: read once (git runs synchronously), however many shares it serves. */
function provenanceOnce(): Record<string, unknown> {
  processProvenance ??= provenance();
  return processProvenance;
}

export async function executeRun(given: ResolvedExperiment, opts: ExecuteOptions): Promise<RunOutcome> {
  const { runExperiment, planRun, estimatePlan, planProvenance, RUN_ESTIMATE, withEvaluatorBaseUrls, storedBaseUrlEnv } = await import("../runner/index.js");
  const { allowedHosts } = await import("../models/index.js");
  const { createLogger } = await import("./logging.js");
  const { Progress } = await import("./progress.js");
  const own = environment();
  const allowed = allowedHosts(opts.allowHost, own);
  // A resumed run (runId) calls the base URLs stored with its cells, never this environment's, and only
  // with consent; a new run takes them from the spec and this environment.
  const env = opts.runId ? { ...own, ...storedBaseUrlEnv(given, opts.runId, own, allowed) } : own;
  const resolved = withEvaluatorBaseUrls(given, env);
  if (opts.concurrency) resolved.spec.concurrency = opts.concurrency;
  // A missing key or base URL fails here (exit 2, naming the variable), before the database is touched.
  const { runPreflight } = await import("../models/index.js");
  runPreflight({ spec: resolved.spec, env, file: resolved.file, allowedHosts: allowed });
  const borrowed = opts.store;
  const store = borrowed ?? (await openDb(opts));
  const plan = planRun(resolved);
  const logger = createLogger({ db: store.file, runId: plan.run_id, env });
  const controller = new AbortController();
  let interrupts = 0;
  // The first Ctrl-C aborts in-flight calls and saves (their episodes continue from their recorded
  // prefix on resume); the second quits at once. A share of `run --workers` is stopped by its parent.
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      note("\nInterrupted: stopping the running episodes and saving; press Ctrl-C again to quit at once.");
      controller.abort(new Error("interrupted by the user"));
    } else process.exit(130);
  };
  const shared = opts.share;
  // A worker serves many shares over the same outer signals: each share's listeners go when it ends.
  const outer = [shared?.signal, opts.stop].filter((x): x is AbortSignal => x !== undefined);
  const follow = (e: Event) => controller.abort((e.target as AbortSignal).reason);
  for (const signal of outer) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", follow, { once: true });
  }
  if (!shared) process.on("SIGINT", onSigint);
  const progress = new Progress(process.stderr, shared !== undefined || (opts.quiet ?? false), systemClock, plan);
  try {
    logger.info({ run: plan.run_id, spec: resolved.file, episodes: plan.episodes }, "run started");
    // Keep the plan's estimate with the run, so reports can set plan against actual.
    const estimate = await estimatePlan(plan, resolved, { clock: systemClock, ...RUN_ESTIMATE });
    const result = await runExperiment(resolved, {
      store,
      clock: systemClock,
      env,
      logger,
      signal: controller.signal,
      provenance: { ...provenanceOnce(), plan: planProvenance(plan, estimate) },
      onProgress: (p) => progress.update(p),
      simDelayMs: simDelayFromEnv(env),
      ...(opts.only ? { only: opts.only } : {}),
      sharedLimits: opts.sharedLimits === true || isPostgresUrl(opts.db),
      ...(opts.startAt ? { startAt: opts.startAt } : {}),
      lease: { owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, ms: leaseFromEnv(env), gone: ownerGone },
    }).catch(async (e: unknown) => {
      progress.stop();
      const { PeerlabError } = await import("../errors.js");
      // Another process held the database longer than a write may wait: not a full disk.
      if (e instanceof PeerlabError && e.code === "STORAGE_FAILED" && (e.details as { busy?: unknown } | undefined)?.busy === true) {
        throw new PeerlabError(
          "STORAGE_FAILED",
          `${e.message}\nThe run stopped: finished episodes are kept. ` +
            `When the other process has finished writing, ` +
            `\`peerlab resume ${plan.run_id}\` continues (PEERLAB_BUSY_TIMEOUT_MS sets how long a write waits).`,
          e.details,
        );
      }
      // The run stopped because the database failed: say what is kept and how to go on.
      if (e instanceof PeerlabError && e.code === "STORAGE_FAILED") {
        throw new PeerlabError(
          "STORAGE_FAILED",
          `${e.message}\nThe run stopped: finished episodes are kept, running ones were stopped. ` +
            `Once the database can be written again (free space, permissions), \`peerlab resume ${plan.run_id}\` continues.`,
          e.details,
        );
      }
      throw e;
    });
    progress.finish(result);
    logger.info({ run: result.run_id, status: result.status, done: result.done, failed: result.failed }, "run finished");
    // After a run, the tables; `peerlab report <run>` adds versions, usage and plan against actual.
    // A worker's share prints no report, so it does not load the report code.
    const reportText = opts.noReport
      ? ""
      : await import("../report/index.js").then((r) => r.renderReportTable(r.buildReport(store, result.run_id), { provenance: false }));
    const exitCode = result.status === "done" ? 0 : result.status === "stopped" || controller.signal.aborted ? 3 : result.failed > 0 ? 1 : 0;
    if (shared) return { result, reportText, exitCode };
    if (result.status === "running") note(`Another process is still working on run ${result.run_id}; it records the run's final status.`);
    if (exitCode === 3 && result.stop_reason === "budget") {
      note(
        `Budget reached: ${result.budget_message}. Finished episodes are saved; running ones were cancelled with their events kept. ` +
          `Raise budget: in the spec and run it again to continue this run.`,
      );
    } else if (exitCode === 3) note(`Stopped early; everything is saved. \`peerlab resume ${result.run_id}\` continues.`);
    if (exitCode === 1) note(`${result.failed} episode(s) failed; \`peerlab resume ${result.run_id}\` retries them.`);
    return { result, reportText, exitCode };
  } finally {
    // Once interrupted, the handler stays until the process exits: a second Ctrl-C while the report is
    // built or the database closed still quits at once with 130.
    if (interrupts === 0 && !shared) process.off("SIGINT", onSigint);
    for (const signal of outer) signal.removeEventListener("abort", follow);
    if (!borrowed) store.close();
  }
}

/**
 * Whether a claim's owner (`host:pid:tag`) is a process on this host that no longer exists (killed,
 * crashed): its episodes are taken over at once rather than when its lease runs out. Anything else,
 * another host or a live pid (perhaps reused), waits for the lease.
 */
function ownerGone(owner: string): boolean {
  const m = /^(.*):(\d+):[0-9a-f]{8}$/.exec(owner);
  if (!m || m[1] !== hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** PEERLAB_LEASE_MS sets how long an episode's claim lasts without a heartbeat (tests shorten it); default 30 s. */
export function leaseFromEnv(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env.PEERLAB_LEASE_MS);
  return env.PEERLAB_LEASE_MS && Number.isFinite(v) && v > 0 ? Math.min(Math.max(v, 300), 3_600_000) : undefined;
}

/** PEERLAB_SIM_DELAY_MS slows the sim agents down (for crash tests and benchmarks); unset means none. */
function simDelayFromEnv(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env.PEERLAB_SIM_DELAY_MS);
  return Number.isFinite(v) && v > 0 ? Math.min(v, 60_000) : undefined;
}

/** `run --workers` tells each worker it starts where in the run to begin (a fraction in [0, 1)). */
export const WORKER_START_ENV = "PEERLAB_WORKER_START";

/** The worker's start in the run, from its environment; 0 when unset or malformed. */
export function workerStartFromEnv(env: Record<string, string | undefined>): number {
  const v = Number(env[WORKER_START_ENV]);
  return env[WORKER_START_ENV] && Number.isFinite(v) && v > 0 && v < 1 ? v : 0;
}
