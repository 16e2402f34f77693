// `peerlab resume <run>`: finish the episodes of a run that are not done, from the database alone.
import type { Command } from "commander";
import { openDb } from "../context.js";
import { intOption, positiveNumber, withAllowHost, withDb, withJson } from "../options.js";
import { isPostgresUrl } from "../../util/index.js";
import { executeRun, printRunOutcome } from "../run-action.js";

export function register(program: Command): void {
  withAllowHost(
    withJson(
      withDb(
        program
          .command("resume")
          .argument("<run>", "run id, id prefix or name")
          .description("finish a run's episodes that are not done (interrupted ones continue from their recorded prefix)"),
      ),
    ),
  )
    .option("--concurrency <n>", "episodes in flight at once (default: the run's)", intOption("--concurrency", 1, 1024))
    .option("--budget-usd <usd>", "raise (or set) the run's dollar budget", positiveNumber("--budget-usd"))
    .option("--budget-tokens <n>", "raise (or set) the run's token budget", intOption("--budget-tokens", 1, Number.MAX_SAFE_INTEGER))
    .option("--quiet", "no progress on stderr")
    .action(
      async (
        runRef: string,
        opts: { db: string; allowHost?: string[]; json?: boolean; quiet?: boolean; concurrency?: number; budgetUsd?: number; budgetTokens?: number },
      ) => {
        const { resolveRun } = await import("../../report/index.js");
        const { resolvedFromRun } = await import("../../runner/index.js");
        const { executeRunWithWorkers } = await import("../run-workers.js");
        const store = await openDb(opts, true);
        let resolved: ReturnType<typeof resolvedFromRun>;
        let runId: string;
        // The failed episodes this resume retries, each at the attempt that failed.
        let retry: Map<string, number>;
        try {
          runId = resolveRun(store, runRef).id;
          resolved = resolvedFromRun(store, runId);
          retry = new Map(
            store
              .runEpisodes(runId)
              .filter((e) => e.status === "failed")
              .map((e) => [e.id, e.attempt]),
          );
        } finally {
          store.close();
        }
        if (opts.concurrency) resolved.spec.concurrency = opts.concurrency;
        // Budgets are not part of a run's identity: a raised budget continues the same run.
        if (opts.budgetUsd !== undefined || opts.budgetTokens !== undefined) {
          resolved.spec.budget = {
            ...resolved.spec.budget,
            ...(opts.budgetUsd !== undefined ? { usd: opts.budgetUsd } : {}),
            ...(opts.budgetTokens !== undefined ? { tokens: opts.budgetTokens } : {}),
          };
        }
        // On PostgreSQL the unfinished episodes go through the run's pg-boss queue, as `run` and every
        // worker take them there (any number of resumes and workers share them, each episode once); on
        // SQLite the store's claims split them.
        const outcome = isPostgresUrl(opts.db)
          ? await executeRunWithWorkers(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost, workers: 1, resume: { runId, retry } })
          : await executeRun(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost, runId });
        printRunOutcome(outcome, opts.db, opts.json);
      },
    );
}
