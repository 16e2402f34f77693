// `run --workers 2` and `peerlab worker` on PostgreSQL in real processes: every episode once, with a
// single SQLite process's digests, and a worker started during the run joins it
// (test/e2e/support/workers-pg-join.ts). One run proves all of it (each real process costs seconds of
// CPU): 32 episodes, each sim call answered after 300 ms so that the run outlasts the worker's start.
// test/reliability/workers-pg.slow.test.ts (`npm run test:reliability`) runs it at full size (60 episodes,
// 100 ms) and `run --workers 2` alone.
import "../../src/runner/index.js";
import { workersPgJoinSuite } from "./support/workers-pg-join.js";

workersPgJoinSuite(8, 300);
