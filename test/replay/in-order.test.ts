// replayInOrder (src/replay/pool.ts): episodes spread over the main thread and the pool's threads come
// back in the run's order, and a failure is the one a single thread would meet first.
import { describe, expect, it } from "vitest";
import type { ReplayOutcome } from "../../src/replay/index.js";
import { IN_HAND, replayInOrder, type ReplayLane, type ReplayPool } from "../../src/replay/pool.js";

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
    const byMain: string[] = [];
    const byLane: string[] = [];
    const seen: string[] = [];
    // The lane fails on "b" late; the main thread fails at once on the episode it takes after "a", a
    // later one: a single thread would meet "b" first.
    const local = async (id: string) => {
      byMain.push(id);
      await sleep(1);
      if (id !== "a") throw new Error(`main failed on ${id}`);
      return outcome(id);
    };
    const failing = lane(byLane, (id) => (id === "b" ? 30 : 5), { fail: new Set(["b"]) });
    await expect(replayInOrder(ids, local, poolOf(failing), true, (r) => seen.push(r.id))).rejects.toThrow("lane failed on b");
    expect(seen).toEqual(["a"]);
    expect(byMain[0]).toBe("a");
    expect(byMain.length).toBe(2);
    expect(byLane[0]).toBe("b");
    expect(byMain.length + byLane.length).toBeLessThan(ids.length);
  });

  it("lets the threads' messages in between its own episodes, which settle through promises alone", async () => {
    // Like a real thread: it says it is ready, and answers, through the event loop (a message); the
    // main thread's replay never waits on the event loop. Without a pause between episodes the main
    // thread would replay them all before hearing from the thread.
    const byLane: string[] = [];
    const message = <T>(v: T) => new Promise<T>((resolve) => setImmediate(() => resolve(v)));
    const threadLike: ReplayLane = {
      ready: message(true),
      replay: (id) => {
        byLane.push(id);
        return message(outcome(id));
      },
    };
    const out = await replayInOrder(ids, async (id) => outcome(id), poolOf(threadLike), true);
    expect(out.map((r) => r.id)).toEqual(ids);
    expect(byLane.length).toBeGreaterThan(0);
  });

  it("keeps several episodes in hand per thread", async () => {
    const byLane: string[] = [];
    let inFlight = 0;
    let most = 0;
    const counting: ReplayLane = {
      ready: Promise.resolve(true),
      replay: async (id) => {
        byLane.push(id);
        most = Math.max(most, ++inFlight);
        await sleep(5);
        inFlight -= 1;
        return outcome(id);
      },
    };
    const local = async (id: string) => {
      await sleep(20);
      return outcome(id);
    };
    const out = await replayInOrder(ids, local, poolOf(counting), true);
    expect(out.map((r) => r.id)).toEqual(ids);
    expect(IN_HAND).toBeGreaterThan(1);
    expect(most).toBe(IN_HAND);
  });

  it("runs whileWaiting once, after its own last episode and before the threads' episodes are back", async () => {
    const events: string[] = [];
    // The thread is slow: it takes its first episodes at once, and this thread replays all the others
    // before any of them is back.
    const slow: ReplayLane = {
      ready: Promise.resolve(true),
      replay: async (id) => {
        await sleep(40);
        events.push(`lane ${id}`);
        return outcome(id);
      },
    };
    const local = async (id: string) => {
      events.push(`main ${id}`);
      return outcome(id);
    };
    const out = await replayInOrder(ids, local, poolOf(slow), true, undefined, () => events.push("waiting"));
    expect(out.map((r) => r.id)).toEqual(ids);
    const main = events.filter((e) => e.startsWith("main "));
    const lane = events.filter((e) => e.startsWith("lane "));
    expect(lane).toHaveLength(IN_HAND);
    expect(events).toEqual([...main, "waiting", ...lane]);
  });

  it("replays on this thread alone without a pool", async () => {
    const out = await replayInOrder(ids, async (id) => outcome(id), null, false);
    expect(out.map((r) => r.id)).toEqual(ids);
  });
});
