// `peerlab rescore <run>`: apply the installed detectors (and, later, judges) to stored episodes
// without calling the evaluator; new outcomes are stored beside the old.
import type { Command } from "commander";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(withDb(program.command("rescore").argument("<run>", "run id, id prefix or name").description("score stored episodes again with the installed detectors; old judgments are kept")))
    .option("--detectors <version>", "fail unless the installed detectors have this version (e.g. tampering@2)")
    .action(async (runRef: string, opts: { db: string; json?: boolean; detectors?: string }) => {
      const { rescoreRun } = await import("../../replay/index.js");
      const store = await openDb(opts);
      try {
        const r = rescoreRun(store, runRef, { expectVersion: opts.detectors });
        if (opts.json) printJson(r);
        else {
          printText(`Run ${r.run_id}: ${r.episodes} episode(s) scored with ${r.versions.join(", ") || "no detectors"}: ${r.written} new judgment(s), ${r.unchanged} unchanged.`);
          for (const c of r.conflicts) printText(`conflict: ${c.episode} ${c.version} now gives different ${c.keys.join(", ")}`);
        }
        if (r.conflicts.length) {
          note(`${r.conflicts.length} episode(s) score differently under the same detector version: bump the scenario's detector version so both can be kept.`);
          process.exitCode = 1;
        }
      } finally {
        store.close();
      }
    });
}
