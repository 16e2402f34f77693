// `peerlab resume <run>`: finish the episodes of a run that are not done, from the database alone.
import type { Command } from "commander";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { intOption, withDb, withJson } from "../options.js";
import { executeRun } from "../run-action.js";

export function register(program: Command): void {
  withJson(withDb(program.command("resume").argument("<run>", "run id, id prefix or name").description("finish a run's episodes that are not done (interrupted ones continue from their recorded prefix)")))
    .option("--concurrency <n>", "episodes in flight at once (default: the run's)", intOption("--concurrency", 1, 1024))
    .option("--quiet", "no progress on stderr")
    .action(async (runRef: string, opts: { db: string; json?: boolean; quiet?: boolean; concurrency?: number }) => {
      const { resolveRun } = await import("../../report/index.js");
      const { resolvedFromRun } = await import("../../runner/index.js");
      const store = await openDb(opts, true);
      let resolved;
      try {
        resolved = resolvedFromRun(store, resolveRun(store, runRef).id);
      } finally {
        store.close();
      }
      if (opts.concurrency) resolved.spec.concurrency = opts.concurrency;
      const outcome = await executeRun(resolved, { db: opts.db, quiet: opts.quiet });
      if (opts.json) printJson({ run_id: outcome.result.run_id, status: outcome.result.status, episodes: outcome.result.episodes, done: outcome.result.done, failed: outcome.result.failed, cancelled: outcome.result.cancelled, ran: outcome.result.ran });
      else {
        printText(outcome.reportText);
        note(`Database: ${opts.db} · run ${outcome.result.run_id}`);
      }
      process.exitCode = outcome.exitCode;
    });
}
