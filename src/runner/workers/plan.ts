// How many worker processes a run gets, and each one's share of the run's concurrency.

/** Below this many unfinished episodes a second process costs more (its start, its database connection) than it saves. */
export const AUTO_MIN_EPISODES_PER_WORKER = 100;
/** Each extra process must have at least this many episodes in flight to keep its core busy. */
export const AUTO_MIN_CONCURRENCY_PER_WORKER = 8;

/**
 * The rule `peerlab run` follows without --workers: one process, unless the work pays for more — one
 * more per AUTO_MIN_EPISODES_PER_WORKER unfinished episodes and per AUTO_MIN_CONCURRENCY_PER_WORKER of
 * the run's concurrency, up to the machine's cores.
 */
export function autoWorkers(unfinished: number, concurrency: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.floor(unfinished / AUTO_MIN_EPISODES_PER_WORKER), Math.floor(concurrency / AUTO_MIN_CONCURRENCY_PER_WORKER)));
}

/** Split the run-wide concurrency across `workers`: the shares sum to it (each at least 1). */
export function concurrencyShares(concurrency: number, workers: number): number[] {
  const n = Math.max(1, Math.min(workers, concurrency));
  return Array.from({ length: n }, (_, i) => Math.floor(concurrency / n) + (i < concurrency % n ? 1 : 0));
}

/**
 * Node options for the worker processes `run --workers N` starts. A sim episode allocates about 2.5 MB
 * that dies within the episode; with V8's default young generation (semi-spaces of at most 16 MB) the
 * objects of the episodes in flight outlive a scavenge or two and are copied each time. Semi-spaces of
 * up to 64 MB scavenge about a third as often: on 512 sim episodes at C=64 in one process, 48 scavenges
 * instead of 135, their time on the main thread 1.06 s instead of 1.74 s (docs/SCALING.md, "Workers'
 * Node options"). The `run` process itself is started by the user and keeps Node's defaults.
 */
export const WORKER_NODE_OPTIONS: readonly string[] = ["--max-semi-space-size=64"];
