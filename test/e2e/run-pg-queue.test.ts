// A one-process `peerlab run` on PostgreSQL (no --workers) works through the run's pg-boss queue, and a
// worker started beside it shares the work (test/e2e/support/run-pg-queue.ts). 32 episodes, each sim call
// answered after 200 ms so that the run outlasts the worker's start; the full-size run (64 episodes, 20 ms)
// is test/reliability/run-pg-queue.slow.test.ts, in `npm run test:reliability`.
import "../../src/runner/index.js";
import { runPgQueueSuite } from "./support/run-pg-queue.js";

runPgQueueSuite(8, 200);
