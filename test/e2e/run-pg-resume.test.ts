// Two racing `peerlab resume`s of a run on PostgreSQL killed -9 part-way take its episodes from the run's
// pg-boss queue: each done once, bit for bit (test/e2e/support/run-pg-resume.ts). 24 episodes; the
// full-size run (40) is test/reliability/run-pg-resume.slow.test.ts, in `npm run test:reliability`.
import "../../src/runner/index.js";
import { runPgResumeSuite } from "./support/run-pg-resume.js";

runPgResumeSuite(6);
