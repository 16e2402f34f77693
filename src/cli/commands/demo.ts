// `peerlab demo`: run the bundled demo experiment offline and print its report.
import { join } from "node:path";
import type { Command } from "commander";
import { PACKAGE_ROOT } from "../context.js";
import { note, printText } from "../output.js";
import { withAllowHost, withDb } from "../options.js";
import { executeRun } from "../run-action.js";

export const DEMO_SPEC = join(PACKAGE_ROOT, "experiments", "demo.yaml");

export function register(program: Command): void {
  withAllowHost(withDb(program.command("demo").description("run experiments/demo.yaml offline with simulated agents and print its report")))
    .option("--quiet", "no progress on stderr")
    .action(async (opts: { db: string; allowHost?: string[]; quiet?: boolean }) => {
      const { loadExperimentFile } = await import("../../runner/index.js");
      const resolved = loadExperimentFile(DEMO_SPEC);
      const outcome = await executeRun(resolved, { db: opts.db, quiet: opts.quiet, allowHost: opts.allowHost });
      printText(outcome.reportText);
      printText(
        [
          "",
          "These agents are simulated (sim:propensity): the table validates the harness end to end; it is not a finding about any model.",
          `Database: ${opts.db}`,
          `Next: \`peerlab view\` to browse the transcripts in a browser, \`peerlab ` +
            `report ${outcome.result.run_id}\` for the full report with provenance and costs, \`peerlab ` +
            `replay ${outcome.result.run_id} --verify\` to replay it offline bit for bit.`,
        ].join("\n"),
      );
      if (outcome.exitCode !== 0) note("The demo did not finish cleanly.");
      process.exitCode = outcome.exitCode;
    });
}
