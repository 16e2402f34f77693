// Where a process starts in a run's lanes: worker i of N begins i/N of the way through, so workers
// sharing a run claim different episodes from the start instead of each walking over the others' claims.
import { describe, expect, it } from "vitest";
import type { Job } from "../../src/runner/episode-job.js";
import { HELD_POLL_MS, rotate, runLanes } from "../../src/runner/lanes.js";
import type { LeaseKeeper } from "../../src/runner/lease.js";
import type { EpisodeRecord } from "../../src/store/index.js";
import { workerStartFromEnv, WORKER_START_ENV } from "../../src/cli/run-action.js";

describe("lane start", () => {
  it("rotates the lanes to start at the given fraction, keeping every lane once", () => {
    const lanes = Array.from({ length: 10 }, (_, i) => i);
    expect(rotate(lanes, 0)).toEqual(lanes);
    expect(rotate(lanes, 0.5)).toEqual([5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
    expect(rotate(lanes, 2 / 3)).toEqual([6, 7, 8, 9, 0, 1, 2, 3, 4, 5]);
    expect(rotate(lanes, 1)).toEqual([9, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rotate([], 0.5)).toEqual([]);
  });

  it("reads a worker's start from the environment `run --workers` gives it, ignoring anything outside [0, 1)", () => {
    expect(workerStartFromEnv({ [WORKER_START_ENV]: "0.5" })).toBe(0.5);
    expect(workerStartFromEnv({})).toBe(0);
    expect(workerStartFromEnv({ [WORKER_START_ENV]: "1" })).toBe(0);
    expect(workerStartFromEnv({ [WORKER_START_ENV]: "-0.2" })).toBe(0);
    expect(workerStartFromEnv({ [WORKER_START_ENV]: "half" })).toBe(0);
  });
});

// A process whose last episodes another process holds looks at the run's live claims (a read) every
// HELD_POLL_MS and claims again only the lanes that were let go, instead of retrying every lane after a
// fixed pause of up to a second.
describe("waiting for episodes another process holds", () => {
  const episode = (id: string): EpisodeRecord => ({
    id,
    cell_id: "c",
    trial: 0,
    seed: 1,
    status: "pending",
    attempt: 0,
    parent_id: null,
    branch_step: null,
    created_at: "",
    updated_at: "",
  });
  const job = (id: string): Job => ({ episode: episode(id), cell: { persist: false } as unknown as Job["cell"], fixture: null });

  function fakeRun(heldFor: Record<string, number>, ms = 30_000) {
    const held = new Set(Object.keys(heldFor));
    const done = new Set<string>();
    const claims: string[] = [];
    let pauses = 0;
    let reads = 0;
    const leases = {
      ms,
      claim: (id: string): ReturnType<LeaseKeeper["claim"]> => {
        claims.push(id);
        if (held.has(id)) return { outcome: { kind: "held", owner: "other", expiresAt: 0 } };
        if (done.has(id)) return { outcome: { kind: "done", episode: { ...episode(id), status: "done" } } };
        return { outcome: { kind: "claimed", episode: episode(id), expiresAt: 0, takenOver: null } };
      },
      heldElsewhere: () => {
        reads++;
        return new Set(held);
      },
    } as unknown as LeaseKeeper;
    const ran: string[] = [];
    const elsewhere: string[] = [];
    const run = runLanes(Object.keys({ a: 0, ...heldFor }).map(job), {
      runId: "r",
      concurrency: 4,
      leases,
      startAt: 0,
      runOne: async (j) => {
        ran.push(j.episode.id);
        return "done";
      },
      stopped: () => false,
      fail: (e) => {
        throw e;
      },
      elsewhere: (s) => elsewhere.push(s),
      pause: async (wait) => {
        expect(wait).toBe(HELD_POLL_MS);
        pauses++;
        // The other process finishes each held episode after its number of looks.
        for (const [id, n] of Object.entries(heldFor)) if (pauses >= n && held.delete(id)) done.add(id);
      },
      signal: new AbortController().signal,
      yieldToLoop: async () => undefined,
    });
    return { run, claims, ran, elsewhere, counts: () => ({ pauses, reads }) };
  }

  it("claims a held episode again as soon as a look finds it let go, and only that one", async () => {
    const r = fakeRun({ b: 3, c: 5 });
    expect(await r.run).toBe(1);
    expect(r.ran).toEqual(["a"]);
    expect(r.elsewhere).toEqual(["done", "done"]);
    // b and c are claimed once when first met and once more each after it was let go: no retries while held.
    expect(r.claims.filter((id) => id === "b")).toHaveLength(2);
    expect(r.claims.filter((id) => id === "c")).toHaveLength(2);
    expect(r.counts()).toEqual({ pauses: 5, reads: 5 });
  });

  it("tries every waiting lane again once a third of the lease has passed, whatever the reads say", async () => {
    // Held for longer than a round (a third of a 300 ms lease = 100 ms = 4 looks): the 4th look is a retry, not a read.
    const r = fakeRun({ b: 6 }, 300);
    expect(await r.run).toBe(1);
    expect(r.claims.filter((id) => id === "b")).toHaveLength(3);
    expect(r.counts()).toEqual({ pauses: 6, reads: 5 });
  });
});
