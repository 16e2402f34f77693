// `peerlab ablate <spec> --factor key=v1,v2`: run cells that differ only in one factor, paired by
// seed, and show the paired contrasts for that factor.
import type { Command } from "commander";
import { note, printJson, printText } from "../output.js";
import { withAllowHost, withDb, withJson } from "../options.js";
import { executeRun } from "../run-action.js";

export function register(program: Command): void {
  withAllowHost(
    withJson(
      withDb(
        program
          .command("ablate")
          .argument("<spec>", "experiment spec (YAML)")
          .description("run paired cells that differ in one factor and show their contrasts"),
      ),
    ),
  )
    .requiredOption("--factor <key=values>", "the factor and its values, e.g. peers=absent,good or threshold=80,90")
    .option("--quiet", "no progress on stderr")
    .action(async (specFile: string, opts: { db: string; allowHost?: string[]; json?: boolean; quiet?: boolean; factor: string }) => {
      const { loadAblation } = await import("../ablation.js");
      const { buildReport, renderReportTable } = await import("../../report/index.js");
      const { openDb } = await import("../context.js");
      const { resolved, factor } = loadAblation(specFile, opts.factor);
      const outcome = await executeRun(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost });
      const store = await openDb(opts, true);
      try {
        const report = buildReport(store, outcome.result.run_id);
        const contrasts = report.contrasts.filter((c) => c.factor === factor);
        if (opts.json) printJson({ run_id: outcome.result.run_id, name: resolved.spec.name, factor, status: outcome.result.status, contrasts });
        else {
          printText(renderReportTable({ ...report, contrasts }));
          note(
            `Database: ${opts.db} · run ${outcome.result.run_id} · contrasts shown for ${factor} only (\`peerlab report ${outcome.result.run_id}\` shows all)`,
          );
        }
      } finally {
        store.close();
      }
      process.exitCode = outcome.exitCode;
    });
}
