// `run --workers` starts its workers before it registers the run: each loads and opens what it needs,
// then waits on its stdin for the word that the run is in the database. Bounded: a run never registered
// is an error naming it; a parent gone first, or a stop, ends the wait without serving anything.
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { packageVersion } from "../../src/cli/context.js";
import { runWorker } from "../../src/cli/worker-action.js";
import { awaitGo, goLine, workerAwaitFromEnv, WORKER_AWAIT_ENV } from "../../src/cli/worker-start.js";
import { PeerlabError } from "../../src/errors.js";
import { loadExperimentText, registerRun } from "../../src/runner/index.js";
import { openStore } from "../../src/store/index.js";
import type { Clock } from "../../src/util/clock.js";
import { tempDir } from "../support/tmp.js";

const spec = loadExperimentText(
  "name: worker-start\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n" +
    "seed: 3\ntrials: 2\npeers: [absent, good]\nthreats: [shutdown]\nconcurrency: 2\n",
);
const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const never = new AbortController().signal;

describe("a worker started before its run is registered", () => {
  it("waits for the line go, even split over writes, and reads the run and concurrency it names", async () => {
    const input = new PassThrough();
    const word = awaitGo(input, 5_000, never, ["r"]);
    input.write("g");
    input.write("o\n");
    await expect(word).resolves.toEqual({ kind: "go", runId: null, concurrency: null });
    const named = new PassThrough();
    const told = awaitGo(named, 5_000, never, []);
    named.write("noise\n");
    named.write(goLine("run-1", 32));
    await expect(told).resolves.toEqual({ kind: "go", runId: "run-1", concurrency: 32 });
  });

  it("ends the wait when its input closes first (the parent is gone) or when it is stopped", async () => {
    const closed = new PassThrough();
    const gone = awaitGo(closed, 5_000, never, ["r"]);
    closed.end("something else\n");
    await expect(gone).resolves.toEqual({ kind: "gone" });
    const stop = new AbortController();
    const stopped = awaitGo(new PassThrough(), 5_000, stop.signal, ["r"]);
    stop.abort();
    await expect(stopped).resolves.toEqual({ kind: "stopped" });
  });

  it("gives up with an error naming the run when the word never comes", async () => {
    const err = await awaitGo(new PassThrough(), 50, never, ["run-x"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PeerlabError);
    expect((err as PeerlabError).code).toBe("NOT_FOUND");
    expect((err as PeerlabError).message).toContain('run "run-x" was not registered within');
    const unnamed = await awaitGo(new PassThrough(), 50, never, []).catch((e: unknown) => e);
    expect((unnamed as PeerlabError).message).toContain("the run was not registered within");
  });

  it("reads how long to wait from its environment, set only by run --workers", () => {
    expect(workerAwaitFromEnv({})).toBeUndefined();
    expect(workerAwaitFromEnv({ [WORKER_AWAIT_ENV]: "garbage" })).toBeUndefined();
    expect(workerAwaitFromEnv({ [WORKER_AWAIT_ENV]: "1500" })).toBe(1500);
  });

  it("serves the run the word names once it is registered and the word comes, and nothing before", async () => {
    const db = join(tempDir("peerlab-worker-start-"), "w.db");
    const input = new PassThrough();
    const runId = registerRun(spec, openStore(":memory:", { clock }), { peerlab: packageVersion() }).run_id;
    // Started as `run --workers N` starts it: before the spec is read, so with no run named yet.
    const served = runWorker({ db, untilIdle: true, pollMs: 20, quiet: true, awaitStart: { input, timeoutMs: 20_000 } });
    // The worker is up; now the run is registered, as the parent does after starting it.
    await new Promise((r) => setTimeout(r, 300));
    const store = openStore(db, { clock });
    try {
      registerRun(spec, store, { peerlab: packageVersion() });
      store.setRunStatus(runId, "running");
      await new Promise((r) => setTimeout(r, 300));
      expect(store.runEpisodes(runId).filter((e) => e.status === "done")).toHaveLength(0);
      input.end(goLine(runId, 1));
      const out = await served;
      expect(out.interrupted).toBe(false);
      expect(out.served.map((s) => s.run_id)).toEqual([runId]);
      expect(store.runEpisodes(runId).map((e) => e.status)).toEqual(["done", "done", "done", "done"]);
      expect(store.getRun(runId)?.status).toBe("done");
    } finally {
      store.close();
    }
  });

  it("serves nothing when the parent goes away before registering the run", async () => {
    const db = join(tempDir("peerlab-worker-start-gone-"), "w.db");
    const input = new PassThrough();
    const served = runWorker({ db, run: ["run-never"], untilIdle: true, pollMs: 20, quiet: true, awaitStart: { input, timeoutMs: 20_000 } });
    input.end();
    const out = await served;
    expect(out).toMatchObject({ served: [], skipped: [], interrupted: false });
  });
});
