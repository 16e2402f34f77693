// `peerlab report <run>`: the study's tables, per-cell rates and contrasts, as terminal text,
// Markdown, CSV, JSON or a self-contained HTML page.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { choiceOption, withDb, withJson } from "../options.js";

export const REPORT_FORMATS = ["table", "md", "csv", "json", "html"] as const;

export function register(program: Command): void {
  withJson(
    withDb(
      program
        .command("report")
        .argument("<run>", "run id, id prefix or name")
        .description("the study's tables, rates with 95% intervals and contrasts of a run"),
    ),
  )
    .addOption(choiceOption("--format <format>", "output format", REPORT_FORMATS, "table"))
    .option("--out <file>", "write to this file instead of stdout")
    .option("--detectors <version>", "use this detector version (default: the newest)")
    .action(async (runRef: string, opts: { db: string; json?: boolean; format: string; out?: string; detectors?: string }) => {
      const store = await openDb(opts, true);
      try {
        const r = await import("../../report/index.js");
        const report = r.buildReport(store, runRef, { detectorVersion: opts.detectors });
        const format = opts.json ? "json" : opts.format;
        const text =
          format === "json"
            ? JSON.stringify(report, null, 2) + "\n"
            : format === "md"
              ? r.renderReportMarkdown(report)
              : format === "csv"
                ? r.renderReportCsv(report)
                : format === "html"
                  ? r.renderReportHtml(report)
                  : r.renderReportTable(report);
        if (opts.out) {
          writeFileSync(opts.out, text);
          return note(`wrote ${opts.out}`);
        }
        if (format === "json") return printJson(report);
        printText(text);
      } finally {
        store.close();
      }
    });
}
