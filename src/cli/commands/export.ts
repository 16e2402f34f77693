// `peerlab export <run> --format inspect|jsonl`: Inspect eval logs (.json, one per cell)
// or one JSON row per episode.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { choiceOption, withDb, withJson } from "../options.js";

export const EXPORT_FORMATS = ["inspect", "jsonl"] as const;

export function register(program: Command): void {
  withJson(
    withDb(
      program
        .command("export")
        .argument("<run>", "run id, id prefix or name")
        .description("Inspect eval logs (.json, one per cell) or one JSON row per episode"),
    ),
  )
    .addOption(choiceOption("--format <format>", "export format", EXPORT_FORMATS).makeOptionMandatory())
    .option("--out <path>", "inspect: the folder for the logs (default runs/inspect/<run>); jsonl: a file (default stdout)")
    .action(async (runRef: string, opts: { db: string; json?: boolean; format: string; out?: string }) => {
      const store = await openDb(opts, true);
      try {
        const { exportInspect, exportJsonl, resolveRun } = await import("../../report/index.js");
        if (opts.format === "jsonl") {
          const text = exportJsonl(store, runRef);
          if (!opts.out) return printText(text);
          writeFileSync(opts.out, text);
          return opts.json ? printJson({ files: [opts.out] }) : note(`wrote ${opts.out}`);
        }
        const run = resolveRun(store, runRef);
        const dir = opts.out ?? join("runs", "inspect", run.id);
        const logs = exportInspect(store, run.id);
        mkdirSync(dir, { recursive: true });
        const files = logs.map(({ file, log }) => {
          const path = join(dir, file);
          writeFileSync(path, JSON.stringify(log, null, 2) + "\n");
          return path;
        });
        if (opts.json) return printJson({ files });
        printText(files.join("\n"));
        note(`${files.length} Inspect log(s); open them with \`inspect view --log-dir ${dir}\`.`);
      } finally {
        store.close();
      }
    });
}
