// `peerlab replay <episode|run>`: offline replay that fails closed; `--verify` also checks the stored
// record itself (every payload's hash, the chain to the digest, the rows, the judgments' bindings);
// `--from-step N --provider p` branches a counterfactual episode.
import type { Command } from "commander";
import { resolve } from "node:path";
import type { Divergence, ReplayOutcome, RunReplay, StartedPool } from "../../replay/index.js";
import type { Store } from "../../store/index.js";
import type { AttemptCheck } from "../../store/index.js";
import { printable } from "../../spec/index.js";
import { environment, openDb, provenance, systemClock } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { intOption, withDb, withJson } from "../options.js";

/** Why a replay failed, by cause, in the words a user can act on. */
const CAUSES: Record<Divergence["cause"], string> = {
  request: "something the model sees (a prompt, a tool, a fixture) has changed since it was recorded",
  event: "how the episode runs (its tools, world or detectors) has changed since it was recorded",
  record: "the stored record was changed after it was recorded",
  version: "it was recorded under another scenario version",
};

function divergenceLine(r: ReplayOutcome): string {
  const d = r.diverged_at;
  if (!d) return `${r.id}: replayed, but its digest is not the stored one`;
  if (d.step) return `${r.id}: diverged at model call ${d.step} (${d.role}): ${printable(d.diff ?? "")}`;
  const where = d.event ? `event ${d.event}${d.kind ? ` (${d.kind})` : ""}: ` : "";
  return `${r.id} attempt ${r.attempt}: ${where}${printable(d.detail ?? "")}`;
}

/** The record check, in the JSON only when it has something to say (the contract's shape is otherwise unchanged). */
function logJson(
  c: AttemptCheck | undefined,
  { describeProblems, describeUnbound }: Pick<typeof import("../../store/index.js"), "describeProblems" | "describeUnbound">,
) {
  if (!c || (c.intact && c.unbound.length === 0)) return {};
  return { record: { intact: c.intact, problems: describeProblems(c), unbound: describeUnbound(c) } };
}

/**
 * A re-execution runs this peerlab's code; when the failing episodes were recorded by another version
 * or commit, say which, so the user can re-execute them under the harness that recorded them.
 */
function recordedBy(store: Store, bad: ReplayOutcome[]): string | null {
  const here = provenance();
  const others = new Set<string>();
  for (const r of bad) {
    if (r.diverged_at?.cause !== "request" && r.diverged_at?.cause !== "event") continue;
    const runId = store.getAttempt(r.id, r.attempt)?.run_id;
    const p = runId ? store.getRun(runId)?.provenance : undefined;
    if (!p) continue;
    if (p.peerlab !== here.peerlab || (typeof p.git === "string" && typeof here.git === "string" && p.git !== here.git)) {
      others.add(`peerlab ${printable(String(p.peerlab))}${typeof p.git === "string" ? ` (git ${printable(p.git.slice(0, 12))})` : ""}`);
    }
  }
  if (others.size === 0) return null;
  const current = `peerlab ${String(here.peerlab)}${typeof here.git === "string" ? ` (git ${here.git.slice(0, 12)})` : ""}`;
  return (
    `They were recorded by ${[...others].join(", ")}; this is ${current}. ` +
    `To re-execute them under the harness that recorded them, run that version's peerlab.`
  );
}

interface ReplayOpts {
  db: string;
  json?: boolean;
  verify?: boolean;
  attempt?: number;
  fromStep?: number;
  provider?: string;
  threads?: number;
}

/**
 * Threads for replaying a run beside this one, one per further core (or `--threads` in all), started
 * before this thread loads the store and the replay code, so they load theirs at the same time.
 */
async function startPool(db: string, threads: number | undefined): Promise<StartedPool | null> {
  const { extraThreads, startReplayPool, threadsCanOpen } = await import("../../replay/pool.js");
  return threadsCanOpen(db) ? startReplayPool({ file: resolve(db), threads: extraThreads(Number.MAX_SAFE_INTEGER, threads), now: systemClock.now() }) : null;
}

/** Keep only the threads `target` needs: none for an episode or a prefix naming no single run, at most one per further episode. */
async function fitPool(pool: StartedPool, store: Store, target: string, isEpisode: boolean, threads: number | undefined): Promise<void> {
  const found = isEpisode ? [] : store.findRuns(target);
  const run = isEpisode ? undefined : (store.getRun(target) ?? (found.length === 1 ? found[0] : undefined));
  const done = run ? store.runEpisodes(run.id).filter((e) => e.status === "done").length : 0;
  const { extraThreads } = await import("../../replay/pool.js");
  await pool.shrink(extraThreads(done, threads));
}

export function register(program: Command): void {
  withJson(
    withDb(
      program
        .command("replay")
        .argument("<target>", "an episode id (ep-…, br-…) or prefix, or a run")
        .description("replay stored episodes offline, failing at the first divergence; or branch from a step"),
    ),
  )
    .option("--verify", "also verify the stored record: every payload's hash, the chain to the digest, the rows and the judgments' bindings")
    .option("--attempt <n>", "replay an earlier attempt of an episode", intOption("--attempt", 1, 1_000_000))
    .option("--from-step <n>", "branch: reuse the recording up to the N-th evaluator call, then continue with --provider", intOption("--from-step", 0, 100_000))
    .option("--provider <provider>", "the provider that continues a branch (e.g. sim:compliant, openai:gpt-4.1-mini)")
    .option("--threads <n>", "replay a run's episodes on this many threads (default: one per core; 1 replays them in turn)", intOption("--threads", 1, 64))
    .action(async (target: string, opts: ReplayOpts) => {
      const branching = opts.fromStep !== undefined || Boolean(opts.provider);
      const pool = branching || /^(ep|br)-/.test(target) ? null : await startPool(opts.db, opts.threads);
      // Threads the bin started for a run (src/replay/prestart.ts) that no pool took: stopped at once.
      if (!pool) await (await import("../../replay/pool.js")).stopPrestarted();
      let store: Store | undefined;
      try {
        const { PeerlabError } = await import("../../errors.js");
        const verifyLog = await import("../../store/index.js");
        const { describeProblems, describeUnbound } = verifyLog;
        store = await openDb(opts, opts.fromStep === undefined);
        const isEpisode = /^(ep|br)-/.test(target) || (store.findEpisodes(target).length > 0 && store.findRuns(target).length === 0);
        if (pool) await fitPool(pool, store, target, isEpisode, opts.threads);
        const { loadReplay } = await import("../../replay/load.js");
        const { replayEpisode, replayRun, branchEpisode } = await loadReplay({ live: branching });
        if (opts.fromStep !== undefined || opts.provider) {
          if (opts.fromStep === undefined || !opts.provider)
            throw new PeerlabError("ARGS_INVALID", "a branch needs both --from-step <n> and --provider <provider>");
          const b = await branchEpisode(store, target, {
            fromStep: opts.fromStep,
            provider: opts.provider,
            clock: systemClock,
            env: environment(),
            attempt: opts.attempt,
          });
          if (opts.json)
            return printJson({
              id: b.episode.id,
              parent: b.parent,
              from_step: b.from_step,
              provider: b.provider,
              status: b.episode.status,
              ran: b.ran,
              digest: b.digest,
            });
          return printText(
            `${b.ran ? "Branched" : "Branch exists"}: ${b.episode.id} from ${b.parent} at evaluator call ${b.from_step}, ` +
              `continued by ${b.provider} (${b.episode.status}). ` +
              `\`peerlab show ${b.episode.id}\``,
          );
        }
        const results: Pick<RunReplay, "episodes"> & Partial<RunReplay> = isEpisode
          ? { episodes: [await replayEpisode(store, target, { clock: systemClock, attempt: opts.attempt, verify: opts.verify })] }
          : await replayRun(store, target, { clock: systemClock, verify: opts.verify, pool });
        // Any divergence is a failure, with or without --verify.
        const bad = results.episodes.filter((r) => !r.ok);
        const brokenOthers = (results.other_attempts ?? []).filter((a) => !a.intact);
        const mismatches = results.outcome_mismatches ?? [];
        const olderDetectors = results.older_detectors ?? [];
        const ok = bad.length === 0 && results.report_reproduced !== false && brokenOthers.length === 0;
        const unbound = results.episodes.flatMap((r) => (r.log ? describeUnbound(r.log) : []));
        if (opts.json) {
          printJson({
            ok,
            episodes: results.episodes.map((r) => ({
              id: r.id,
              digest: r.digest,
              ok: r.ok,
              ...(r.diverged_at ? { diverged_at: r.diverged_at } : {}),
              ...logJson(r.log, verifyLog),
            })),
            ...(results.report_reproduced === undefined ? {} : { report_reproduced: results.report_reproduced }),
            ...(mismatches.length ? { outcome_mismatches: mismatches } : {}),
            ...(olderDetectors.length ? { older_detectors: olderDetectors } : {}),
            ...(brokenOthers.length ? { other_attempts: brokenOthers.map((a) => ({ id: a.episode_id, attempt: a.attempt, ...logJson(a, verifyLog) })) } : {}),
          });
        } else {
          for (const r of bad) {
            if (r.log && !r.log.intact) for (const line of describeProblems(r.log)) printText(printable(line));
            else printText(divergenceLine(r));
          }
          for (const a of brokenOthers) for (const line of describeProblems(a)) printText(printable(line));
          if (results.report_reproduced === false)
            for (const m of mismatches)
              printText(`${m.episode}: its stored outcomes differ from the replay's in ${m.keys.map((k) => printable(k)).join(", ")}`);
          for (const line of unbound) printText(printable(line));
          if (olderDetectors.length)
            printText(
              `${olderDetectors.length} episode(s) were scored by an older version of their scenario's detectors; ` +
                `their stored outcomes were kept, not compared (\`peerlab rescore\` applies the current rules).`,
            );
          printText(
            `${results.episodes.length - bad.length}/${results.episodes.length} episode(s) replayed ` +
              `${opts.verify ? "bit for bit, their stored records verified" : "with every request and event matching"}` +
              `${results.report_reproduced === undefined ? "" : `; the report is ${results.report_reproduced ? "" : "NOT "}reproduced`}.`,
          );
        }
        if (!ok) {
          const causes = [...new Set(bad.map((r) => r.diverged_at?.cause ?? "event"))];
          if (brokenOthers.length && !causes.includes("record")) causes.push("record");
          const why = causes.map((c) => CAUSES[c]);
          if (results.report_reproduced === false && mismatches.length)
            why.push(
              `the stored outcomes of ${mismatches.length} episode(s) are not what the replay computes ` +
                `(an edited judgment, or detectors changed without a version bump)`,
            );
          note(`Replay failed: ${why.join("; ") || "the report is not reproduced"}.`);
          const harness = recordedBy(store, bad);
          if (harness) note(harness);
          process.exitCode = 1;
        }
      } finally {
        await pool?.close();
        store?.close();
        // A shell episode replayed on this thread leaves the process's sandbox thread idle, and an idle
        // one would keep the command alive until its idle timeout (30 s) before exiting.
        (await import("../../world/index.js")).sharedSandboxPool().close();
      }
    });
}
