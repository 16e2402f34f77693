// A worker told to serve named runs until idle (`run` on PostgreSQL, `run --workers`' workers) does
// not leave while another process still holds the run's last episodes: it waits and sees the run end,
// or takes the episodes over when their claim lapses.
import { describe, expect, it } from "vitest";
import { loadExperimentText, registerRun, serve, sqliteQueue, type RunResult } from "../../../src/runner/index.js";
import { openStore } from "../../../src/store/index.js";
import type { Clock } from "../../../src/util/clock.js";

const spec = loadExperimentText(
  "name: wait\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n" +
    "seed: 4\ntrials: 2\npeers: [absent]\nthreats: [shutdown]\n",
);
const me = { peerlab: "1.2.3", env: {}, allowedHosts: new Set<string>() };

function setup() {
  const t = { now: Date.UTC(2026, 2, 1) };
  const clock: Clock = { now: () => new Date(t.now) };
  const store = openStore(":memory:", { clock });
  const runId = registerRun(spec, store, { peerlab: "1.2.3" }).run_id;
  store.setRunStatus(runId, "running");
  const [first, last] = store.runEpisodes(runId);
  store.endAttempt(first!.id, store.beginAttempt(first!.id, runId), { status: "done" });
  // Another process holds the last episode.
  store.claimNext([{ episodeId: last!.id }], { owner: "other", runId, now: t.now, leaseMs: 1000 });
  return { store, runId, last: last!.id, clock, t };
}

/** What every serve in this file shares: the run's store and its claims queue, until idle, never stopped. */
const common = (store: ReturnType<typeof setup>["store"], clock: Clock) => ({
  store,
  queue: sqliteQueue(store),
  clock,
  me,
  untilIdle: true,
  signal: new AbortController().signal,
  say: () => undefined,
});

const noRun = async (): Promise<RunResult> => {
  throw new Error("nothing is open to serve");
};

describe("serve until idle, for named runs", () => {
  it("waits while another process holds the run's last episode, and leaves when that process ends the run", async () => {
    const { store, runId, last, clock } = setup();
    let looks = 0;
    const summary = await serve({
      ...common(store, clock),
      runIds: [runId],
      pollMs: 2000,
      sleep: async (ms) => {
        looks++;
        expect(ms).toBeLessThanOrEqual(250);
        if (looks === 3) {
          // The other process ends the episode and the run.
          store.endAttempt(last, store.beginAttempt(last, runId), { status: "done" });
          store.release("other", last);
          store.setRunStatus(runId, "done");
        }
      },
      serveRun: noRun,
    });
    expect(looks).toBe(3);
    expect(summary.served).toEqual([]);
  });

  it("takes the episode over when the other process's claim lapses", async () => {
    const { store, runId, last, clock, t } = setup();
    const served: string[][] = [];
    let looks = 0;
    await serve({
      ...common(store, clock),
      runIds: [runId],
      pollMs: 50,
      sleep: async () => {
        looks++;
        t.now += 600; // the other process is gone: its lease of 1000 ms lapses on the second look
      },
      serveRun: async (id) => {
        served.push(
          store
            .runEpisodes(id)
            .filter((e) => e.status !== "done")
            .map((e) => e.id),
        );
        store.endAttempt(last, store.beginAttempt(last, id), { status: "done" });
        store.setRunStatus(id, "done");
        return { run_id: id, status: "done", ran: 1, done: 2 } as RunResult;
      },
    });
    expect(looks).toBe(2);
    expect(served).toEqual([[last]]);
  });

  it("a worker serving every run leaves at once: waiting for others is for named runs", async () => {
    const { store, clock } = setup();
    let looks = 0;
    await serve({
      ...common(store, clock),
      pollMs: 50,
      sleep: async () => {
        looks++;
      },
      serveRun: noRun,
    });
    expect(looks).toBe(0);
  });
});
