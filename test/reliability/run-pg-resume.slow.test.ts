// The full-size run of test/e2e/run-pg-resume.test.ts (test/e2e/support/run-pg-resume.ts): 40 episodes
// on PostgreSQL, killed -9 part-way, then two racing `peerlab resume`s.
import "../../src/runner/index.js";
import { runPgResumeSuite } from "../e2e/support/run-pg-resume.js";

runPgResumeSuite(10);
