// Replay threads started by bin/peerlab.js before the main thread loads the replay bundle, so the
// threads load theirs at the same time instead of after it (on two cores, the main thread's loading was
// time the other core sat idle). Such a thread does not know its database yet: it loads the bundle and
// waits for an `open` message (worker.ts). The replay pool (pool.ts) adopts the ones it needs and sends
// each its database; the bin stops any left over once the command is done. Handed over through a
// process-wide symbol, since the bundle holds its own copy of this module. Light: the bin imports it
// before anything else.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

const KEY = Symbol.for("peerlab.replay.prestarted-threads");

type Holder = { [KEY]?: Worker[] };

/** The code a replay thread built from `bundle` starts with (`loader`: code-cache.js's address). */
export function bundledThreadCode(loader: string, bundle: string): string {
  return `import(${JSON.stringify(loader)}).then((m) => m.startBundledThread(${JSON.stringify(bundle)}));`;
}

/**
 * How many threads a `peerlab replay` command line will want beside the main one, as far as the bin can
 * tell before the CLI parses it: none for a branch or an episode, `--threads` less one, else one per further core.
 */
export function threadsWanted(args: readonly string[]): number {
  const at = args.indexOf("replay");
  if (at < 0) return 0;
  const rest = args.slice(at + 1);
  if (rest.some((a) => /^--(?:from-step|provider)(?:=|$)/.test(a) || /^(?:ep|br)-/.test(a))) return 0;
  let requested: number | undefined = availableParallelism();
  rest.forEach((a, i) => {
    if (a === "--threads") requested = Number(rest[i + 1]);
    else if (a.startsWith("--threads=")) requested = Number(a.slice("--threads=".length));
  });
  return Number.isInteger(requested) ? Math.max(0, Math.min(64, requested) - 1) : 0;
}

/** Start `count` replay threads from the bundle; they keep the process alive only once adopted. */
export function prestartThreads(code: string, count: number): void {
  const workers = Array.from({ length: count }, () => {
    // Nothing of the parent's Node flags (--cpu-prof, loaders): the thread brings its own.
    const w = new Worker(code, { eval: true, execArgv: [] });
    // An error before adoption (it could not load) leaves it to the pool to skip; never thrown here.
    w.on("error", () => {});
    w.unref();
    return w;
  });
  (globalThis as Holder)[KEY] = [...((globalThis as Holder)[KEY] ?? []), ...workers];
}

/** Up to `count` prestarted threads still running, taken for a pool (they keep the process alive again). */
export function adoptPrestarted(count: number): Worker[] {
  const waiting = ((globalThis as Holder)[KEY] ?? []).filter((w) => w.threadId !== -1);
  const taken = waiting.slice(0, Math.max(0, count));
  (globalThis as Holder)[KEY] = waiting.slice(taken.length);
  for (const w of taken) w.ref();
  return taken;
}

/** Stop the prestarted threads no pool took (a target that was not a run, or fewer episodes than threads). */
export async function stopPrestarted(): Promise<void> {
  const left = (globalThis as Holder)[KEY] ?? [];
  (globalThis as Holder)[KEY] = [];
  await Promise.all(left.map((w) => w.terminate()));
}
