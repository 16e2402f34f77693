// `peerlab rescore <run>`: apply the installed detectors and, with --judge, a judge to stored episodes
// without calling the evaluator; new outcomes are stored beside the old.
import type { Command } from "commander";
import { environment, openDb, systemClock } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { intOption, withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(
    withDb(
      program
        .command("rescore")
        .argument("<run>", "run id, id prefix or name")
        .description("score stored episodes again with the installed detectors and optionally a judge; old judgments are kept"),
    ),
  )
    .option("--detectors <version>", "fail unless the installed detectors have this version (e.g. tampering@2)")
    .option("--judge <provider>", "also judge every finished episode with this provider (e.g. openai:gpt-4.1-mini, sim:judge)")
    .option("--force", "judge again where this judge and version already have a judgment")
    .option("--concurrency <n>", "episodes judged at once", intOption("--concurrency", 1, 256), 4)
    .option("--base-url <url>", "base URL for an openai-compatible judge")
    .action(
      async (
        runRef: string,
        opts: { db: string; json?: boolean; detectors?: string; judge?: string; force?: boolean; concurrency: number; baseUrl?: string },
      ) => {
        const { rescoreRun } = await import("../../replay/index.js");
        const store = await openDb(opts);
        try {
          const r = rescoreRun(store, runRef, { expectVersion: opts.detectors });
          let judged: { judged: number; skipped: number; failed: { episode: string; error: string }[] } | null = null;
          if (opts.judge) {
            const { judgeRun, checkJudgeProvider } = await import("../../scoring/index.js");
            const { Governor } = await import("../../models/index.js");
            const env = environment();
            if (opts.baseUrl) (await import("../../models/index.js")).checkBaseUrlConsent(opts.baseUrl, { kind: "option", flag: "--base-url" }, new Set());
            checkJudgeProvider(opts.judge, env, opts.baseUrl);
            judged = await judgeRun(
              store,
              r.run_id,
              { judge: opts.judge, force: opts.force, concurrency: opts.concurrency },
              { governor: new Governor({ concurrency: opts.concurrency }), clock: systemClock, env, baseUrl: opts.baseUrl },
            );
          }
          if (opts.json) printJson({ ...r, ...(judged ? { judge: { provider: opts.judge, ...judged } } : {}) });
          else {
            printText(
              `Run ${r.run_id}: ${r.episodes} episode(s) scored ` +
                `with ${r.versions.join(", ") || "no detectors"}: ${r.written} new judgment(s), ${r.unchanged} unchanged.`,
            );
            for (const c of r.conflicts) printText(`conflict: ${c.episode} ${c.version} now gives different ${c.keys.join(", ")}`);
            if (judged)
              printText(
                `Judge ${opts.judge}: ${judged.judged} judged, ${judged.skipped} already ` +
                  `judged${judged.failed.length ? `, ${judged.failed.length} failed` : ""}.`,
              );
            for (const f of judged?.failed ?? []) printText(`judge failed on ${f.episode}: ${f.error}`);
          }
          if (r.conflicts.length)
            note(
              `${r.conflicts.length} episode(s) score differently under the same detector version: bump the scenario's detector version so both can be kept.`,
            );
          if (r.conflicts.length || (judged?.failed.length ?? 0) > 0) process.exitCode = 1;
        } finally {
          store.close();
        }
      },
    );
}
