// Threads that replay a run's episodes beside the main thread, so `replay <run>` uses every core.
// Each thread opens the database read-only, builds the episode graph once, and replays the episodes
// it is handed one at a time; the main thread replays too, taking the next episode whenever it is
// free. The outcomes are put back in the run's episode order, so the result is what one thread
// replaying them in turn computes (test/replay/parallel.test.ts). This module is light: the CLI
// starts the threads before it loads the replay code itself, so both load it at the same time.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setImmediate } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { ERROR_CODES, type ErrorCode, PeerlabError } from "../errors.js";
import { bundledSourceEntry } from "../util/source-entry.js";
import { replayBundleFile } from "./code-cache.js";
import { adoptPrestarted, bundledThreadCode } from "./prestart.js";

export { stopPrestarted } from "./prestart.js";
import type { ReplayOutcome } from "./replay.js";

/** What a thread is started with. Its clock is frozen at the main thread's instant (a replay writes nothing). */
export interface ReplayThreadData {
  file: string;
  nowMs: number;
}

export type ToReplayThread = { type: "open"; data: ReplayThreadData } | { type: "replay"; job: number; id: string; verify: boolean };
export type FromReplayThread =
  | { type: "ready" }
  | { type: "done"; job: number; outcome: ReplayOutcome }
  | { type: "failed"; job: number; code: string | null; name: string; message: string };

/** An error thrown in a thread, thrown again on the main thread as it was (a PeerlabError keeps its code). */
export function errorFromThread(m: Extract<FromReplayThread, { type: "failed" }>): Error {
  if (m.code !== null && Object.hasOwn(ERROR_CODES, m.code)) return new PeerlabError(m.code as ErrorCode, m.message);
  const e = new Error(m.message);
  e.name = m.name;
  return e;
}

/**
 * Where the thread's code is. Built (dist/), the build's replay bundle (scripts/build.mjs), loaded with
 * its code cache (code-cache.ts), if it made one; otherwise the compiled worker.js next to this module.
 * Run from the sources (tsx, vitest), this module is a .ts file: the thread starts from worker.ts bundled
 * once per process (src/util/source-entry.ts).
 */
function threadEntry(here: string = import.meta.url): { entry: URL | string; eval: boolean } {
  if (!here.endsWith(".ts")) {
    const bundle = replayBundleFile(here);
    if (!existsSync(bundle)) return { entry: new URL("./worker.js", here), eval: false };
    return { entry: bundledThreadCode(new URL("./code-cache.js", here).href, bundle), eval: true };
  }
  return { entry: bundledSourceEntry(new URL("./worker.ts", here).href), eval: false };
}

/** One thread: `ready` settles when it can take episodes (false: it could not start, and takes none). */
export interface ReplayLane {
  ready: Promise<boolean>;
  replay(id: string, verify: boolean): Promise<ReplayOutcome>;
}

export interface ReplayPool {
  readonly lanes: readonly ReplayLane[];
  close(): Promise<void>;
}

/** A pool of threads this process started: it can stop the ones a run turns out not to need. */
export interface StartedPool extends ReplayPool {
  /** Stop all threads but the first `threads` (a run with few episodes, or a target that is not a run, needs fewer). */
  shrink(threads: number): Promise<void>;
}

/** Whether other threads can open the database `db` (a SQLite file; not one in memory, nor a PostgreSQL server). */
export function threadsCanOpen(db: string): boolean {
  return db !== ":memory:" && !/^postgres(?:ql)?:\/\//i.test(db);
}

/** How many threads besides the main one: one per further core (or as `requested`), none for a single episode. */
export function extraThreads(episodes: number, requested?: number): number {
  const threads = requested ?? availableParallelism();
  return Math.max(0, Math.min(threads, episodes) - 1);
}

class Lane implements ReplayLane {
  readonly ready: Promise<boolean>;
  private readonly pending = new Map<number, { resolve: (o: ReplayOutcome) => void; reject: (e: Error) => void }>();
  private next = 0;
  private dead: string | null = null;

  constructor(private readonly worker: Worker) {
    let started: (ok: boolean) => void = () => {};
    this.ready = new Promise((resolve) => {
      started = resolve;
    });
    worker.on("message", (m: FromReplayThread) => {
      if (m.type === "ready") return started(true);
      const p = this.pending.get(m.job);
      if (!p) return;
      this.pending.delete(m.job);
      if (m.type === "done") p.resolve(m.outcome);
      else p.reject(errorFromThread(m));
    });
    worker.on("error", (e: Error) => {
      this.dead = `${e.name}: ${e.message}`.split("\n")[0]!.slice(0, 300);
    });
    worker.on("exit", (code) => {
      this.dead ??= `it exited with code ${code}`;
      started(false);
      for (const p of this.pending.values()) p.reject(new PeerlabError("INTERNAL", `a replay thread stopped while replaying an episode: ${this.dead}`));
      this.pending.clear();
    });
  }

  replay(id: string, verify: boolean): Promise<ReplayOutcome> {
    if (this.dead) return Promise.reject(new PeerlabError("INTERNAL", `a replay thread stopped: ${this.dead}`));
    const job = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      this.worker.postMessage({ type: "replay", job, id, verify } satisfies ToReplayThread);
    });
  }

  async close(): Promise<void> {
    this.dead ??= "closed";
    await this.worker.terminate();
  }
}

/**
 * Start `threads` replay threads on the SQLite database `file` (they begin loading at once). Returns
 * null for a database other threads cannot open (in memory, or a PostgreSQL server) or no threads.
 * The threads keep the process alive until `close()`.
 */
export function startReplayPool(opts: { file: string; threads: number; now: Date }): StartedPool | null {
  if (opts.threads < 1 || !threadsCanOpen(opts.file)) return null;
  const { entry, eval: isEval } = threadEntry();
  const data: ReplayThreadData = { file: opts.file, nowMs: opts.now.getTime() };
  // Threads the bin started before loading the bundle (prestart.ts) are told their database; the rest start now.
  const adopted = adoptPrestarted(opts.threads).map((w) => {
    w.postMessage({ type: "open", data } satisfies ToReplayThread);
    return new Lane(w);
  });
  let lanes = [
    ...adopted,
    ...Array.from({ length: opts.threads - adopted.length }, () => {
      // Nothing of the parent's Node flags (--cpu-prof, loaders): the thread brings its own.
      return new Lane(new Worker(entry, { eval: isEval, execArgv: [], workerData: data }));
    }),
  ];
  return {
    get lanes() {
      return lanes;
    },
    shrink: async (threads) => {
      const stopped = lanes.slice(Math.max(0, threads));
      lanes = lanes.slice(0, Math.max(0, threads));
      await Promise.all(stopped.map((l) => l.close()));
    },
    close: async () => {
      await Promise.all(lanes.map((l) => l.close()));
    },
  };
}

/** Episodes each thread keeps in hand (see replayInOrder). */
export const IN_HAND = 3;

/**
 * Replay `ids` on the main thread (`local`) and on the pool's threads, each taking the next episode
 * when it is free. The outcomes come back in the order of `ids`, and `onEach` sees them in that order,
 * as one thread replaying them in turn would give them. When an episode throws, no further episode is
 * started, and the error of the earliest one that threw is thrown (the one a single thread meets first).
 * `whileWaiting` runs on this thread once it has no episode left to take, before it waits for the
 * threads' last ones: work of the caller's that needs no outcome (collecting the stored report).
 */
export async function replayInOrder(
  ids: readonly string[],
  local: (id: string) => Promise<ReplayOutcome>,
  pool: ReplayPool | null,
  verify: boolean,
  onEach?: (r: ReplayOutcome) => void,
  whileWaiting?: () => void,
): Promise<ReplayOutcome[]> {
  const out: (ReplayOutcome | undefined)[] = new Array(ids.length);
  const errors = new Map<number, unknown>();
  let next = 0;
  let emitted = 0;
  let drained: () => void = () => {};
  const noMoreWork = new Promise<false>((resolve) => {
    drained = () => resolve(false);
  });
  const take = () => (errors.size === 0 && next < ids.length ? next++ : -1);
  const emit = () => {
    for (let r = out[emitted]; r !== undefined; r = out[emitted]) {
      emitted += 1;
      onEach?.(r);
    }
  };
  const work = async (replay: (id: string) => Promise<ReplayOutcome>, yieldEach: boolean) => {
    for (let i = take(); i >= 0; i = take()) {
      try {
        out[i] = await replay(ids[i]!);
        emit();
      } catch (e) {
        errors.set(i, e);
      }
      // A replay on this thread settles through promises alone, which never let the event loop deliver
      // the threads' messages; between two episodes it does, so a thread's answer is taken at once.
      if (yieldEach) await setImmediate();
    }
    drained();
  };
  const threads = (pool?.lanes ?? []).flatMap((lane) =>
    // Episodes in hand per thread: it starts the next the moment it finishes one, though this thread
    // hears of it (and sends another) only between two of its own episodes. A thread still loading
    // when the work runs out takes none, nor one that could not start.
    Array.from({ length: IN_HAND }, async () => {
      if (await Promise.race([lane.ready, noMoreWork])) await work((id) => lane.replay(id, verify), false);
    }),
  );
  const own = work(local, threads.length > 0).then(() => whileWaiting?.());
  await Promise.all([own, ...threads]);
  if (errors.size) throw errors.get(Math.min(...errors.keys()));
  return out.map((r, i) => {
    if (!r) throw new PeerlabError("INTERNAL", `episode ${ids[i]} was not replayed`);
    return r;
  });
}
