// replayInOrder (src/replay/pool.ts): episodes spread over the main thread and the pool's threads come
// back in the run's order, and a failure is the one a single thread would meet first.
import { describe, expect, it } from "vitest";
import type { ReplayOutcome } from "../../src/replay/index.js";
import { replayInOrder, type ReplayLane, type ReplayPool } from "../../src/replay/pool.js";

const outcome = (id: string): ReplayOutcome => ({ id, attempt: 1, ok: true, requests_ok: true, digest: `d-${id}`, stored_digest: `d-${id}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lane that answers after `delayMs(id)` and records what it was given; `fail` ids throw. */
function lane(taken: string[], delayMs: (id: string) => number, opts: { ready?: Promise<boolean>; fail?: Set<string> } = {}): ReplayLane {
  return {
    ready: opts.ready ?? Promise.resolve(true),
    replay: async (id, verify) => {
      expect(verify).toBe(true);
      taken.push(id);
      await sleep(delayMs(id));
      if (opts.fail?.has(id)) throw new Error(`lane failed on ${id}`);
      return outcome(id);
    },
  };
}
const poolOf = (...lanes: ReplayLane[]): ReplayPool => ({ lanes, close: async () => {} });
const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];

describe("replayInOrder", () => {
  it("returns and reports the outcomes in the run's order whichever thread finished first", async () => {
    const byMain: string[] = [];
    const byLane: string[] = [];
    const seen: string[] = [];
    // The main thread is slow on its first episode, so the lane finishes later episodes before it.
    const local = async (id: string) => {
      byMain.push(id);
      await sleep(id === "a" ? 40 : 1);
      return outcome(id);
    };
    const out = await replayInOrder(ids, local, poolOf(lane(byLane, () => 2)), true, (r) => seen.push(r.id));
    expect(out.map((r) => r.id)).toEqual(ids);
    expect(seen).toEqual(ids);
    expect(byMain.length).toBeGreaterThan(0);
    expect(byLane.length).toBeGreaterThan(0);
    expect([...byMain, ...byLane].sort()).toEqual(ids);
  });

  it("gives a thread that is still starting when the work runs out nothing, and does not wait for it", async () => {
    const byLane: string[] = [];
    const never = new Promise<boolean>(() => {});
    const out = await replayInOrder(ids, async (id) => outcome(id), poolOf(lane(byLane, () => 1, { ready: never })), true);
    expect(out.map((r) => r.id)).toEqual(ids);
    expect(byLane).toEqual([]);
  });

  it("leaves out a thread that could not start", async () => {
    const byLane: string[] = [];
    const out = await replayInOrder(ids, async (id) => outcome(id), poolOf(lane(byLane, () => 1, { ready: Promise.resolve(false) })), true);
    expect(out).toHaveLength(ids.length);
    expect(byLane).toEqual([]);
  });

  it("throws the earliest episode's error, having reported only the episodes before it, and starts no more", async () => {
    const byLane: string[] = [];
    const seen: string[] = [];
    // The lane fails on "b" late; the main thread fails on "c" at once: a single thread would meet "b" first.
    const local = async (id: string) => {
      await sleep(1);
      if (id === "c") throw new Error("main failed on c");
      return outcome(id);
    };
    const failing = lane(byLane, (id) => (id === "b" ? 30 : 1), { fail: new Set(["b"]) });
    await expect(replayInOrder(ids, local, poolOf(failing), true, (r) => seen.push(r.id))).rejects.toThrow("lane failed on b");
    expect(seen).toEqual(["a"]);
    expect(byLane).toEqual(["b"]);
  });

  it("replays on this thread alone without a pool", async () => {
    const out = await replayInOrder(ids, async (id) => outcome(id), null, false);
    expect(out.map((r) => r.id)).toEqual(ids);
  });
});
