// `peerlab run <spec.yaml>`: run an experiment (an unchanged spec continues its run).
import type { Command } from "commander";
import { note, printJson, printText } from "../output.js";
import { withAllowHost, withDb, withJson } from "../options.js";
import { executeRun } from "../run-action.js";

export function register(program: Command): void {
  withAllowHost(withJson(withDb(program.command("run").argument("<spec>", "experiment spec (YAML)").description("run an experiment; running an unchanged spec again continues its run"))))
    .option("--quiet", "no progress on stderr")
    .action(async (specFile: string, opts: { db: string; allowHost?: string[]; json?: boolean; quiet?: boolean }) => {
      const { loadExperimentFile } = await import("../../runner/index.js");
      const resolved = loadExperimentFile(specFile);
      const outcome = await executeRun(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost });
      if (opts.json) printJson({ run_id: outcome.result.run_id, status: outcome.result.status, episodes: outcome.result.episodes, done: outcome.result.done, failed: outcome.result.failed, cancelled: outcome.result.cancelled, reused: outcome.result.reused, ran: outcome.result.ran, elsewhere: outcome.result.elsewhere, stop_reason: outcome.result.stop_reason, budget: outcome.result.budget_message, db: opts.db });
      else {
        printText(outcome.reportText);
        note(`Database: ${opts.db} · run ${outcome.result.run_id} · \`peerlab report ${outcome.result.run_id}\`, \`peerlab episodes ${outcome.result.run_id}\` (then \`peerlab show <episode>\`)`);
      }
      process.exitCode = outcome.exitCode;
    });
}
