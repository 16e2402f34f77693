// `peerlab show <episode>`: a readable transcript with the world diff and the outcomes.
import type { Command } from "commander";
import { openDb } from "../context.js";
import { printJson, printText } from "../output.js";
import { intOption, withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(
    withDb(program.command("show").argument("<episode>", "episode id or id prefix").description("a readable transcript with the world diff and outcomes")),
  )
    .option("--full", "do not shorten long prompts and tool results")
    .option("--attempt <n>", "show an earlier attempt", intOption("--attempt", 1, 1_000_000))
    .action(async (ref: string, opts: { db: string; json?: boolean; full?: boolean; attempt?: number }) => {
      const store = await openDb(opts, true);
      try {
        const { loadEpisodeView, renderEpisodeText } = await import("../../report/index.js");
        const view = loadEpisodeView(store, ref, opts.attempt);
        if (opts.json) return printJson(view);
        printText(renderEpisodeText(view, { full: opts.full }));
      } finally {
        store.close();
      }
    });
}
