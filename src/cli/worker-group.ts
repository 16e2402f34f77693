// The other worker processes of a `run --workers N` and this process's Ctrl-C over them. They are
// started as early as the caller can (with the flag, before the spec is read; else once the run is
// planned): each loads and opens the database, then waits for the word on its stdin naming the run and
// its share of the concurrency (./worker-start.ts). From the moment they exist, a Ctrl-C here reaches
// every one of them (the first stops them, saving; the second quits at once).
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { isPostgresUrl } from "../util/index.js";
import { environment, PACKAGE_ROOT } from "./context.js";
import { note } from "./output.js";
import { WORKER_START_ENV } from "./run-action.js";
import { goLine, WORKER_AWAIT_ENV } from "./worker-start.js";

/** How long a worker started by `run --workers` waits for the run to be registered before it gives up. */
const REGISTER_WAIT_MS = 300_000;

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export class WorkerGroup {
  /** Aborted by the first Ctrl-C: this process's own share stops with it. */
  readonly interrupt = new AbortController();
  /** Ctrl-Cs received so far. */
  interrupts = 0;
  readonly children: ChildProcess[];
  readonly exits: Promise<WorkerExit[]>;
  private readonly onSigint = () => {
    this.interrupts++;
    if (this.interrupts === 1) note("\nInterrupted: stopping every worker and saving; press Ctrl-C again to quit at once.");
    // Each worker stops its run and saves on the first, and quits at once on the second, like `run`.
    this.interrupt.abort(new Error("interrupted by the user"));
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGINT");
    if (this.interrupts > 1) process.exit(130);
  };

  /** Starts workers 2 … n (worker i beginning i/n of the way through the run) and takes over Ctrl-C. */
  constructor(opts: { db: string; allowHost?: string[] }, n: number) {
    process.on("SIGINT", this.onSigint);
    this.children = Array.from({ length: Math.max(0, n - 1) }, (_, i) => startWorker(opts, (i + 1) / n));
    this.exits = Promise.all(this.children.map((c) => exited(c)));
  }

  /** The run is registered: worker i + 1 serves share i + 1; one with no share (fewer shares than workers) is told nothing and ends. */
  go(runId: string, shares: readonly number[]): void {
    this.children.forEach((c, i) => {
      const share = shares[i + 1];
      c.stdin?.end(share ? goLine(runId, share) : undefined);
    });
  }

  /** No run for them after all (a refused spec or key, a database that would not open): they end without serving. */
  release(): void {
    for (const c of this.children) c.stdin?.end();
  }

  /** Ctrl-C is left to Node again, unless it came already (then a second one still quits at once). */
  stopListening(): void {
    if (this.interrupts === 0) process.off("SIGINT", this.onSigint);
  }

  /** Stops the workers still running (this process is ending early). */
  terminate(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  }
}

function startWorker(opts: { db: string; allowHost?: string[] }, startAt: number): ChildProcess {
  const bin = join(PACKAGE_ROOT, "bin", "peerlab.js");
  // A server URL goes as given (its password, if any, stays in the environment: PEERLAB_DB or PGPASSWORD).
  const db = isPostgresUrl(opts.db) ? opts.db : resolve(opts.db);
  const args = [bin, "worker", "--db", db, "--until-idle", "--quiet", ...(opts.allowHost ?? []).flatMap((h) => ["--allow-host", h])];
  // Its own process group: a Ctrl-C at the terminal reaches the workers once, through this process.
  const child = spawn(process.execPath, args, {
    env: { ...environment(), [WORKER_START_ENV]: String(startAt), [WORKER_AWAIT_ENV]: String(REGISTER_WAIT_MS) },
    // stdin: the word that the run is registered; a parent gone closes it.
    stdio: ["pipe", "ignore", "pipe"],
    detached: true,
  });
  // A worker that ended before the word: its exit is reported with the others.
  child.stdin?.on("error", () => undefined);
  return child;
}

function exited(c: ChildProcess): Promise<WorkerExit> {
  let stderr = "";
  c.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-4000);
  });
  return new Promise((done) => {
    c.on("error", (e) => done({ code: 1, signal: null, stderr: e.message }));
    c.on("exit", (code, signal) => done({ code, signal, stderr }));
  });
}
