// The judge's events and its judgment row are written in one transaction, and a storage failure while
// judging stops the run like any other storage failure (it used to be logged as a judge warning).
import { describe, expect, it } from "vitest";
import { PeerlabError } from "../../src/errors.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore } from "../../src/store/index.js";
import { verifyAttempt } from "../../src/store/verify-log.js";
import { testClock } from "../support/cells.js";

const SPEC =
  `name: judged\nevaluator: sim:peer-loyal\nscenarios: [tampering]\n` +
  `params: {tampering: {item_set: [factual], threshold: [80]}}\ntrials: 1\npeers: [absent]\njudge: sim:judge\nseed: 4\n`;

describe("judging and storage", () => {
  it("a failure storing the judgment stops the run and leaves none of the judge's events behind", async () => {
    let judgments = 0;
    const store = openStore(":memory:", {
      clock: testClock(),
      // The first judgment stored is the detectors'; the second is the judge's.
      beforeWrite: (op) => {
        if (op === "putJudgment" && ++judgments === 2)
          throw new PeerlabError("STORAGE_FAILED", "cannot write to the database (putJudgment): disk I/O error (injected)");
      },
    });
    await expect(runExperiment(loadExperimentText(SPEC), { store, clock: testClock(), env: {} })).rejects.toMatchObject({ code: "STORAGE_FAILED" });
    const [ep] = store.listRuns().flatMap((r) => store.runEpisodes(r.id));
    expect(store.listRuns()[0]!.status).toBe("stopped");
    // The episode itself finished and stays done, its record intact; the judge left nothing half-written.
    expect(ep).toMatchObject({ status: "done", attempt: 1 });
    const events = store.listEvents(ep!.id, 1);
    expect(events.at(-1)!.kind).toBe("episode_end");
    expect(store.listJudgments(ep!.id, 1).map((j) => j.scorer)).toEqual(["detectors"]);
    expect(verifyAttempt(store, ep!.id, 1).intact).toBe(true);
  });

  it("without a failure the judge's events and its bound judgment are both stored", async () => {
    const store = openStore(":memory:", { clock: testClock() });
    const r = await runExperiment(loadExperimentText(SPEC), { store, clock: testClock(), env: {} });
    const [ep] = store.runEpisodes(r.run_id);
    expect(store.listEvents(ep!.id, 1).at(-1)).toMatchObject({ kind: "outcome", role: "judge" });
    expect(store.listJudgments(ep!.id, 1).map((j) => j.scorer)).toEqual(["detectors", "judge:sim:judge"]);
    expect(verifyAttempt(store, ep!.id, 1)).toMatchObject({ intact: true, judgments: 2, unbound: [] });
  });
});
