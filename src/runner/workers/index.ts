// Workers: the episode-queue port and its SQLite and pg-boss adapters, the worker loop, who may serve a
// run, and how a run is split across worker processes.
export { sqliteQueue, openEpisodes, openEpisodeIds, hasEnded, type EpisodeQueue, type OpenRun, type QueueShare, type RetryFailed } from "./queue.js";
export { pgBossQueue } from "./pg-queue.js";
export { eligibility, type Eligibility, type WorkerIdentity } from "./eligibility.js";
export { serve, type ServeOptions, type ServeSummary } from "./serve.js";
export { autoWorkers, concurrencyShares, AUTO_MIN_CONCURRENCY_PER_WORKER, AUTO_MIN_EPISODES_PER_WORKER } from "./plan.js";
export { reserving, type ReservingOptions } from "./reserving.js";
export { sleep as runSleep } from "../loop.js";
export type { EpisodeJob, PgBossQueueOptions } from "./pgboss-queue.js";
/** The pg-boss queue, loaded only when a PostgreSQL database is used (pg-boss and pg stay out of every other start). */
export const loadPgBossQueue = () => import("./pgboss-queue.js");
