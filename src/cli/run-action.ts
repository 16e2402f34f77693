// Running an experiment from the CLI: logger, progress on stderr, Ctrl-C handling, the report, and
// the exit code (0 done, 1 failed episodes, 3 stopped early with everything saved).
import type { ResolvedExperiment } from "../spec/load.js";
import type { RunResult } from "../runner/index.js";
import { environment, openDb, provenance, systemClock } from "./context.js";
import { createLogger } from "./logging.js";
import { note } from "./output.js";
import { Progress } from "./progress.js";

export interface RunOutcome {
  result: RunResult;
  reportText: string;
  exitCode: number;
}

export async function executeRun(resolved: ResolvedExperiment, opts: { db: string; quiet?: boolean; allowHost?: string[] }): Promise<RunOutcome> {
  const { runExperiment, planRun, estimatePlan, planProvenance } = await import("../runner/index.js");
  const { buildReport, renderReportTable } = await import("../report/index.js");
  const env = environment();
  // A missing key or base URL fails here (exit 2, naming the variable), before the database is touched.
  const { runPreflight } = await import("../models/index.js");
  const { allowedHosts } = await import("../models/consent.js");
  runPreflight({ spec: resolved.spec, env, file: resolved.file, allowedHosts: allowedHosts(opts.allowHost, env) });
  const store = await openDb(opts);
  const plan = planRun(resolved);
  const logger = createLogger({ db: store.file, runId: plan.run_id, env });
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      note("\nInterrupted: finishing the current step of each running episode and saving; press Ctrl-C again to quit at once.");
      controller.abort(new Error("interrupted by the user"));
    } else process.exit(130);
  };
  process.on("SIGINT", onSigint);
  const progress = new Progress(process.stderr, opts.quiet ?? false, systemClock, plan);
  try {
    logger.info({ run: plan.run_id, spec: resolved.file, episodes: plan.episodes }, "run started");
    // Keep the plan's estimate with the run, so reports can set plan against actual.
    const estimate = await estimatePlan(plan, resolved, { clock: systemClock, maxDryRuns: 0 });
    const result = await runExperiment(resolved, {
      store,
      clock: systemClock,
      env,
      logger,
      signal: controller.signal,
      provenance: { ...provenance(), plan: planProvenance(plan, estimate) },
      onProgress: (p) => progress.update(p),
      simDelayMs: simDelayFromEnv(env),
    }).catch(async (e: unknown) => {
      progress.stop();
      const { PeerlabError } = await import("../errors.js");
      // The run stopped because the database failed: say what is kept and how to go on.
      if (e instanceof PeerlabError && e.code === "STORAGE_FAILED") {
        throw new PeerlabError("STORAGE_FAILED", `${e.message}\nThe run stopped: finished episodes are kept, running ones were stopped. Once the database can be written again (free space, permissions), \`peerlab resume ${plan.run_id}\` continues.`, e.details);
      }
      throw e;
    });
    progress.finish(result);
    logger.info({ run: result.run_id, status: result.status, done: result.done, failed: result.failed }, "run finished");
    // After a run, the tables; `peerlab report <run>` adds versions, usage and plan against actual.
    const reportText = renderReportTable(buildReport(store, result.run_id), { provenance: false });
    const exitCode = result.status === "done" ? 0 : result.status === "stopped" || controller.signal.aborted ? 3 : 1;
    if (exitCode === 3 && result.stop_reason === "budget") {
      note(`Budget reached: ${result.budget_message}. Finished episodes are saved; running ones were cancelled with their events kept. Raise budget: in the spec and run it again to continue this run.`);
    } else if (exitCode === 3) note(`Stopped early; everything is saved. \`peerlab resume ${result.run_id}\` continues.`);
    if (exitCode === 1) note(`${result.failed} episode(s) failed; \`peerlab resume ${result.run_id}\` retries them.`);
    return { result, reportText, exitCode };
  } finally {
    process.off("SIGINT", onSigint);
    store.close();
  }
}

/** PEERLAB_SIM_DELAY_MS slows the sim agents down (for crash tests and benchmarks); unset means none. */
function simDelayFromEnv(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env.PEERLAB_SIM_DELAY_MS);
  return Number.isFinite(v) && v > 0 ? Math.min(v, 60_000) : undefined;
}
