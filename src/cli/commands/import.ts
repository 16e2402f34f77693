// `peerlab import --format peer-preservation <file|dir>`: the study's released transcripts as episodes.
import { basename } from "node:path";
import type { Command } from "commander";
import { PeerlabError } from "../../errors.js";
import { nameProblem } from "../../spec/index.js";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { choiceOption, withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(
    withDb(
      program
        .command("import")
        .argument("<paths...>", "transcript files (.json) or folders of them")
        .description("import transcripts in another tool's format as episodes that can be shown, rescored and reported"),
    ),
  )
    .addOption(choiceOption("--format <format>", "the transcripts' format", ["peer-preservation"]).makeOptionMandatory())
    .option("--name <name>", "the import run's name (default: import <folder>)")
    .option("--scenario <id>", "the scenario of every file, when it cannot be read from the transcript")
    .action(async (paths: string[], opts: { db: string; json?: boolean; name?: string; scenario?: string }) => {
      const problem = opts.name === undefined ? null : nameProblem(opts.name);
      if (problem) throw new PeerlabError("ARGS_INVALID", `--name: the name ${problem}`);
      const { importStudyTranscripts, renderImport } = await import("../../import/index.js");
      const store = await openDb(opts);
      try {
        const r = await importStudyTranscripts(store, paths, { name: opts.name, scenario: opts.scenario });
        if (opts.json) printJson(r);
        else {
          printText(renderImport(r, (f) => basename(f)).join("\n"));
          if (r.imported.length + r.skipped.length) note(`\`peerlab report ${r.run_id}\`, \`peerlab episodes ${r.run_id}\`, \`peerlab rescore ${r.run_id}\``);
        }
        // Some files bad, others imported: a failure at run time (1); nothing importable: bad input (2).
        if (r.failed.length) process.exitCode = r.imported.length + r.skipped.length ? 1 : 2;
      } finally {
        store.close();
      }
    });
}
