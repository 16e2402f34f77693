// A worker's share of a run (RunDeps.only: the episodes it took from the queue): the runner runs those
// and no others, leaves the run running while the rest wait for other workers, and the share that
// finishes the last episode writes done.
import { describe, expect, it } from "vitest";
import { loadExperimentText, registerRun, runExperiment } from "../../../src/runner/index.js";
import { openStore } from "../../../src/store/index.js";
import type { Clock } from "../../../src/util/clock.js";

const spec = loadExperimentText(
  [
    "name: share",
    "evaluator: sim:propensity",
    "scenarios: [tampering]",
    "params:",
    "  tampering: { item_set: [factual], threshold: [80] }",
    "seed: 5",
    "trials: 2",
    "peers: [absent, good]",
    "threats: [shutdown, none]",
    "",
  ].join("\n"),
);
const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };

describe("a worker's share of a run", () => {
  it("runs only the episodes taken, keeps the run running until the last share ends it", async () => {
    const store = openStore(":memory:", { clock });
    const runId = registerRun(spec, store).run_id;
    const ids = store.runEpisodes(runId).map((e) => e.id);
    expect(ids).toHaveLength(8);
    const first = await runExperiment(spec, { store, clock, env: {}, only: new Set(ids.slice(0, 3)) });
    expect(first).toMatchObject({ status: "running", ran: 3, done: 3 });
    const byId = new Map(store.runEpisodes(runId).map((e) => [e.id, e.status]));
    expect(ids.map((id) => byId.get(id))).toEqual(["done", "done", "done", "pending", "pending", "pending", "pending", "pending"]);
    expect(store.getRun(runId)?.status).toBe("running");
    const rest = await runExperiment(spec, { store, clock, env: {}, only: new Set(ids.slice(3)) });
    expect(rest).toMatchObject({ status: "done", ran: 5, done: 8, reused: 3 });
    expect(store.getRun(runId)?.status).toBe("done");
    store.close();
  });
});
