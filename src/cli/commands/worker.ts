// `peerlab worker --db <path|url>`: serve runs that are running and have unclaimed or expired episodes,
// on this machine, next to any number of other workers on the same database. A run recorded by another
// peerlab or scenario version, or whose providers this worker's environment may not call, is skipped
// with the reason; a stopped run, or one whose budget is reached, is never served.
import type { Command } from "commander";
import { intOption, withAllowHost, withDb, withJson } from "../options.js";
import { note, printJson } from "../output.js";

export function register(program: Command): void {
  withAllowHost(
    withJson(
      withDb(program.command("worker").description("serve running runs' unclaimed or expired episodes from the database (start any number, on any machine)")),
    ),
  )
    .option("--run <id>", "serve only this run (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--concurrency <n>", "episodes in flight in this worker (default: each run's own)", intOption("--concurrency", 1, 1024))
    .option("--until-idle", "stop once no run has work for this worker (default: wait for new work until Ctrl-C)")
    .option("--poll-ms <ms>", "how often to look for work when there is none", intOption("--poll-ms", 50, 600_000), 2000)
    .option("--quiet", "no progress on stderr")
    .action(
      async (opts: {
        db: string;
        allowHost?: string[];
        json?: boolean;
        run?: string[];
        concurrency?: number;
        untilIdle?: boolean;
        pollMs: number;
        quiet?: boolean;
      }) => {
        const { runWorker } = await import("../worker-action.js");
        const { environment } = await import("../context.js");
        const { workerAwaitFromEnv } = await import("../worker-start.js");
        // Started by `run --workers` before its run was registered: the parent says when on stdin.
        const wait = workerAwaitFromEnv(environment());
        const summary = await runWorker({ ...opts, ...(wait ? { awaitStart: { input: process.stdin, timeoutMs: wait } } : {}) });
        if (opts.json) printJson(summary);
        else if (!opts.quiet) note(`Worker served ${summary.served.length} run(s)${summary.skipped.length ? `, skipped ${summary.skipped.length}` : ""}.`);
        process.exitCode = summary.interrupted ? 3 : summary.served.some((s) => s.status === "failed") ? 1 : 0;
      },
    );
}
