// A `peerlab worker`'s Ctrl-C (or its parent's SIGINT under `run --workers`) can land while the worker
// is between setting up its own handler and the run's: the run it then serves must stop too, not run
// every episode unwatched.
import { getEventListeners } from "node:events";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { packageVersion } from "../../src/cli/context.js";
import { executeRun } from "../../src/cli/run-action.js";
import { runWorker } from "../../src/cli/worker-action.js";
import { loadExperimentText, registerRun } from "../../src/runner/index.js";
import { openStore } from "../../src/store/index.js";
import type { Clock } from "../../src/util/clock.js";
import { tempDir } from "../support/tmp.js";

const spec = loadExperimentText(
  "name: worker-signal\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n" +
    "seed: 3\ntrials: 4\npeers: [absent, good]\nthreats: [shutdown]\nconcurrency: 2\n",
);
const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };

describe("peerlab worker and Ctrl-C", () => {
  it("stops the run it serves when the signal comes before the run has set up its own handler", async () => {
    const db = join(tempDir("peerlab-worker-signal-"), "w.db");
    const store = openStore(db, { clock });
    const runId = registerRun(spec, store, { peerlab: packageVersion() }).run_id;
    store.setRunStatus(runId, "running");
    const episodes = store.runEpisodes(runId).length;
    store.close();
    expect(episodes).toBe(8);
    const on = process.on.bind(process);
    const handlers: ((...a: unknown[]) => void)[] = [];
    // The first SIGINT handler set up is the worker's own, the second the run's: the signal lands just
    // before the run's is in place.
    const spy = vi.spyOn(process, "on").mockImplementation(((event: string, listener: (...a: unknown[]) => void) => {
      if (event === "SIGINT") {
        handlers.push(listener);
        if (handlers.length === 2) handlers[0]!("SIGINT");
      }
      on(event, listener);
      return process;
    }) as typeof process.on);
    let out: Awaited<ReturnType<typeof runWorker>>;
    try {
      out = await runWorker({ db, run: [runId], untilIdle: true, pollMs: 20, quiet: true });
    } finally {
      spy.mockRestore();
    }
    expect(handlers.length).toBeGreaterThanOrEqual(2);
    expect(out.interrupted).toBe(true);
    const after = openStore(db, { clock });
    try {
      const done = after.runEpisodes(runId).filter((e) => e.status === "done").length;
      expect(done).toBe(0);
      expect(after.getRun(runId)?.status).toBe("stopped");
    } finally {
      after.close();
    }
  });

  it("leaves no listener on the worker's signals after each run it serves (a worker serves many)", async () => {
    const db = join(tempDir("peerlab-worker-listeners-"), "w.db");
    const stop = new AbortController();
    const share = new AbortController();
    for (let i = 0; i < 3; i++) {
      const out = await executeRun(spec, { db, quiet: true, noReport: true, stop: stop.signal });
      expect(out.result.status).toBe("done");
      await executeRun(spec, { db, noReport: true, share: { signal: share.signal } });
    }
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(share.signal, "abort")).toHaveLength(0);
  });
});
