// The full-size run of test/e2e/run-pg-queue.test.ts (test/e2e/support/run-pg-queue.ts): 64 episodes,
// each sim call answered after 20 ms, a worker joining the one-process `peerlab run` on PostgreSQL.
import "../../src/runner/index.js";
import { runPgQueueSuite } from "../e2e/support/run-pg-queue.js";

runPgQueueSuite(16, 20);
