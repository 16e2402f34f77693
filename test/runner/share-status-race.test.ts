// A share of a run (`only`: the episodes a worker took from its queue) that ends while another process
// ends the run's last episodes must not leave the run "running" for good: that process may write done
// between this share's tally and its own status write (seen once in CI: two racing `resume`s on
// PostgreSQL, both exiting 0 with the run still running).
import { describe, expect, it } from "vitest";
import { loadExperimentText, registerRun, runExperiment } from "../../src/runner/index.js";
import { openStore, type RunStatus, type Store } from "../../src/store/index.js";
import type { Clock } from "../../src/util/clock.js";

const spec = loadExperimentText(
  "name: share-race\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n" +
    "seed: 4\ntrials: 2\npeers: [absent]\nthreats: [shutdown]\n",
);

describe("a share's end racing another process's end of the run", () => {
  it("writes done when the other process ended the last episodes between this share's tally and its write", async () => {
    const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
    const store = openStore(":memory:", { clock });
    const runId = registerRun(spec, store, { peerlab: "1.2.3" }).run_id;
    const [mine, theirs] = store.runEpisodes(runId);
    let raced = false;
    // The other process's end of the run lands just before this share writes "running".
    const racing: Store = new Proxy(store, {
      get(target, key, receiver) {
        if (key !== "setRunStatus") return Reflect.get(target, key, receiver);
        return (id: string, status: RunStatus, ...rest: unknown[]) => {
          // The write at the share's end (the run is also marked running when the share starts).
          const mineDone = target.runEpisodes(runId).find((e) => e.id === mine!.id)?.status === "done";
          if (status === "running" && mineDone && !raced) {
            raced = true;
            target.endAttempt(theirs!.id, target.beginAttempt(theirs!.id, runId), { status: "done" });
            target.setRunStatus(runId, "done");
          }
          return (target.setRunStatus as (...a: unknown[]) => void)(id, status, ...rest);
        };
      },
    });
    const r = await runExperiment(spec, { store: racing, clock, env: {}, only: new Set([mine!.id]) });
    expect(raced).toBe(true);
    expect(store.getRun(runId)?.status).toBe("done");
    expect(r.status).toBe("done");
    store.close();
  });
});
