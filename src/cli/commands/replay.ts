// `peerlab replay <episode|run>`: offline replay that fails closed; `--verify` checks digests;
// `--from-step N --provider p` branches a counterfactual episode.
import type { Command } from "commander";
import { environment, openDb, systemClock } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { intOption, withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(withDb(program.command("replay").argument("<target>", "an episode id (ep-…, br-…) or prefix, or a run").description("replay stored episodes offline, failing at the first divergence; or branch from a step")))
    .option("--verify", "also require every event and the digest to equal the recording")
    .option("--attempt <n>", "replay an earlier attempt of an episode", intOption("--attempt", 1, 1_000_000))
    .option("--from-step <n>", "branch: reuse the recording up to the N-th evaluator call, then continue with --provider", intOption("--from-step", 0, 100_000))
    .option("--provider <provider>", "the provider that continues a branch (e.g. sim:compliant, openai:gpt-4.1-mini)")
    .action(async (target: string, opts: { db: string; json?: boolean; verify?: boolean; attempt?: number; fromStep?: number; provider?: string }) => {
      const { PeerlabError } = await import("../../errors.js");
      const { replayEpisode, replayRun, branchEpisode } = await import("../../replay/index.js");
      const store = await openDb(opts, opts.fromStep === undefined);
      try {
        if (opts.fromStep !== undefined || opts.provider) {
          if (opts.fromStep === undefined || !opts.provider) throw new PeerlabError("ARGS_INVALID", "a branch needs both --from-step <n> and --provider <provider>");
          const b = await branchEpisode(store, target, { fromStep: opts.fromStep, provider: opts.provider, clock: systemClock, env: environment(), attempt: opts.attempt });
          if (opts.json) return printJson({ id: b.episode.id, parent: b.parent, from_step: b.from_step, provider: b.provider, status: b.episode.status, ran: b.ran, digest: b.digest });
          return printText(`${b.ran ? "Branched" : "Branch exists"}: ${b.episode.id} from ${b.parent} at evaluator call ${b.from_step}, continued by ${b.provider} (${b.episode.status}). \`peerlab show ${b.episode.id}\``);
        }
        const isEpisode = /^(ep|br)-/.test(target) || store.findEpisodes(target).length > 0 && store.findRuns(target).length === 0;
        const results = isEpisode
          ? { ok: false, episodes: [await replayEpisode(store, target, { clock: systemClock, attempt: opts.attempt })], report_reproduced: undefined as boolean | undefined }
          : await replayRun(store, target, { clock: systemClock });
        const bad = results.episodes.filter((r) => (opts.verify ? !r.ok : !r.requests_ok));
        const ok = bad.length === 0 && (opts.verify ? results.report_reproduced !== false : true);
        if (opts.json) {
          printJson({ ok, episodes: results.episodes.map((r) => ({ id: r.id, digest: r.digest, ok: opts.verify ? r.ok : r.requests_ok, ...(r.diverged_at ? { diverged_at: r.diverged_at } : {}) })), ...(results.report_reproduced === undefined ? {} : { report_reproduced: results.report_reproduced }) });
        } else {
          for (const r of results.episodes) {
            if (r.ok) continue;
            const d = r.diverged_at;
            if (d?.step) printText(`${r.id}: diverged at model call ${d.step} (${d.role}): ${d.diff}`);
            else if (d) printText(`${r.id}: ${d.event ? `event ${d.event} (${d.kind}) ` : ""}${d.detail}`);
          }
          printText(`${results.episodes.length - bad.length}/${results.episodes.length} episode(s) replayed ${opts.verify ? "bit for bit" : "with every request matching"}${results.report_reproduced === undefined ? "" : `; the report is ${results.report_reproduced ? "" : "NOT "}reproduced`}.`);
        }
        if (!ok) {
          note("Replay diverged: something the model sees or how the episode runs has changed since it was recorded.");
          process.exitCode = 1;
        }
      } finally {
        store.close();
      }
    });
}
