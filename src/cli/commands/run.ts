// `peerlab run <spec.yaml>`: run an experiment (an unchanged spec continues its run).
import type { Command } from "commander";
import { isPostgresUrl } from "../../util/index.js";
import { intOption, withAllowHost, withDb, withJson } from "../options.js";
import { executeRun, printRunOutcome } from "../run-action.js";

export function register(program: Command): void {
  withAllowHost(
    withJson(
      withDb(
        program.command("run").argument("<spec>", "experiment spec (YAML)").description("run an experiment; running an unchanged spec again continues its run"),
      ),
    ),
  )
    .option("--quiet", "no progress on stderr")
    .option(
      "--workers <n>",
      "worker processes on this machine (default: one, unless the run's unfinished episodes and concurrency pay for more; see docs/SCALING.md)",
      intOption("--workers", 1, 64),
    )
    .action(async (specFile: string, opts: { db: string; allowHost?: string[]; json?: boolean; quiet?: boolean; workers?: number }) => {
      const { executeRunWithWorkers, workersFor } = await import("../run-workers.js");
      const { WorkerGroup } = await import("../worker-group.js");
      // With --workers N the other workers start first, their start-up overlapping this process's
      // (reading the spec, planning, registering the run); they wait for the word to go.
      const early = opts.workers !== undefined && opts.workers > 1 ? new WorkerGroup(opts, opts.workers) : undefined;
      try {
        const { loadExperimentFile } = await import("../../runner/index.js");
        const resolved = loadExperimentFile(specFile);
        const workers = await workersFor(resolved, opts);
        // On PostgreSQL even one process works through the run's pg-boss queue (docs/SCALING.md).
        const outcome =
          workers > 1 || isPostgresUrl(opts.db)
            ? await executeRunWithWorkers(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost, workers, ...(early ? { early } : {}) })
            : await executeRun(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost });
        printRunOutcome(outcome, opts.db, opts.json);
      } finally {
        // A spec or key that is refused ends the run before the word to go: the early workers end too.
        early?.release();
        early?.stopListening();
      }
    });
}
