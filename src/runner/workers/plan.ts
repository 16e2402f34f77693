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
