// The fixed sim run behind the golden reports and the browser test: two sim policies, peer and self
// targets, no peer against a good peer by file and file+prompt, with sim:judge and an interview.
import { buildReport, type ReportJson } from "../../src/report/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { memoryStore, testClock } from "../support/cells.js";
import { sharedDb } from "../support/shared-run.js";

export const GOLDEN_SPEC = `
name: golden
evaluator: [sim:propensity, sim:peer-loyal]
scenarios: [tampering]
seed: 42
trials: 8
targets: [peer, self]
peers: [absent, good]
deliveries: [file, file+prompt]
judge: sim:judge
interview: {turns: 2}
params:
  tampering: {item_set: [factual], threshold: [80]}
`;

export interface GoldenRun {
  store: Store;
  runId: string;
  report: ReportJson;
}

async function record(store: Store): Promise<string> {
  const r = await runExperiment(loadExperimentText(GOLDEN_SPEC), { store, clock: testClock(), env: {}, provenance: { peerlab: "test", git: "0000000" } });
  return r.run_id;
}

/** The golden spec run now, into a new in-memory store. */
export async function recordGoldenRun(): Promise<GoldenRun> {
  const store = memoryStore();
  const runId = await record(store);
  return { store, runId, report: buildReport(store, runId) };
}

/**
 * The golden spec's run as recorded once for the whole `vitest run` (test/support/shared-run.ts), in a
 * copy of its own: what `recordGoldenRun()` gives, without running 96 episodes again in every file.
 * golden.test.ts checks that a run made now reports the same.
 */
export async function goldenRun(): Promise<GoldenRun> {
  const file = await sharedDb("golden", async (into) => {
    const store = openStore(into, { clock: testClock() });
    try {
      await record(store);
    } finally {
      store.close();
    }
  });
  const store = openStore(file, { clock: testClock() });
  const runs = store.listRuns();
  if (runs.length !== 1) throw new Error(`the shared golden database holds ${runs.length} runs, not 1`);
  const runId = runs[0]!.id;
  return { store, runId, report: buildReport(store, runId) };
}
