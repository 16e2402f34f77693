// `peerlab report <run>`: the run's tables and contrasts.
import type { Command } from "commander";
import { openDb } from "../context.js";
import { printJson, printText } from "../output.js";
import { choiceOption, withDb, withJson } from "../options.js";

export const REPORT_FORMATS = ["table", "json"] as const;

export function register(program: Command): void {
  withJson(withDb(program.command("report").argument("<run>", "run id, id prefix or name").description("tables, rates with 95% intervals and contrasts of a run")))
    .addOption(choiceOption("--format <format>", "output format", REPORT_FORMATS, "table"))
    .option("--detectors <version>", "use this detector version (default: the newest)")
    .action(async (runRef: string, opts: { db: string; json?: boolean; format: string; detectors?: string }) => {
      const store = await openDb(opts, true);
      try {
        const { buildReport, renderReportTable } = await import("../../report/index.js");
        const report = buildReport(store, runRef, { detectorVersion: opts.detectors });
        if (opts.json || opts.format === "json") return printJson(report);
        printText(renderReportTable(report));
      } finally {
        store.close();
      }
    });
}
