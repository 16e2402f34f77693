// Failed episodes wait for `resume`: a worker's queue never offers them, and a resume on PostgreSQL
// offers each one it found failed exactly once more (its failed attempt is remembered; an episode whose
// attempt has moved on was retried already, by this resume or another process).
import { describe, expect, it } from "vitest";
import { hasEnded, openEpisodeIds, registerRun } from "../../../src/runner/index.js";
import { loadExperimentText } from "../../../src/runner/index.js";
import { openStore } from "../../../src/store/index.js";
import type { Clock } from "../../../src/util/clock.js";

const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const spec = loadExperimentText(
  "name: retry\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n" +
    "seed: 5\ntrials: 3\npeers: [absent]\nthreats: [shutdown]\n",
);

describe("failed episodes and resume's retries", () => {
  it("are offered only to the resume that retries them, once per failed attempt", () => {
    const store = openStore(":memory:", { clock });
    const { run_id: run } = registerRun(spec, store);
    const [failed, done, pending] = store.runEpisodes(run).map((e) => e.id) as [string, string, string];
    const end = (id: string, status: "failed" | "done") => {
      const attempt = store.beginAttempt(id, run);
      store.endAttempt(id, attempt, { status, digest: status === "done" ? "d" : null });
      return attempt;
    };
    const first = end(failed, "failed");
    end(done, "done");
    const now = clock.now().getTime();
    expect(openEpisodeIds(store, run, now)).toEqual([pending]);
    const retry = new Map([[failed, first]]);
    expect(openEpisodeIds(store, run, now, retry).sort()).toEqual([failed, pending].sort());
    expect(hasEnded(store.getEpisode(failed)!, retry)).toBe(false);
    // Retried and failed again: it has ended for this resume too.
    end(failed, "failed");
    expect(hasEnded(store.getEpisode(failed)!, retry)).toBe(true);
    expect(openEpisodeIds(store, run, now, retry)).toEqual([pending]);
    store.close();
  });
});
