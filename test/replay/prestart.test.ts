// How many replay threads bin/peerlab.js starts before it loads the replay bundle (src/replay/prestart.ts):
// what the CLI's pool would ask for, and none where it starts no pool (a branch, an episode).
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { adoptPrestarted, threadsWanted } from "../../src/replay/prestart.js";

describe("threadsWanted", () => {
  it("is one per further core for a run, or --threads less one", () => {
    expect(threadsWanted(["replay", "run-1", "--verify"])).toBe(availableParallelism() - 1);
    expect(threadsWanted(["replay", "run-1", "--threads", "3"])).toBe(2);
    expect(threadsWanted(["replay", "--threads=4", "run-1"])).toBe(3);
    expect(threadsWanted(["replay", "run-1", "--threads", "1"])).toBe(0);
  });

  it("is none for a branch, an episode, a bad --threads or another command", () => {
    expect(threadsWanted(["replay", "ep-abc", "--verify"])).toBe(0);
    expect(threadsWanted(["replay", "br-abc"])).toBe(0);
    expect(threadsWanted(["replay", "run-1", "--from-step", "2", "--provider", "sim:compliant"])).toBe(0);
    expect(threadsWanted(["replay", "run-1", "--provider=sim:compliant"])).toBe(0);
    expect(threadsWanted(["replay", "run-1", "--threads", "x"])).toBe(0);
    expect(threadsWanted(["show", "run-1"])).toBe(0);
  });
});

describe("adoptPrestarted", () => {
  it("hands out nothing when nothing was started", () => {
    expect(adoptPrestarted(4)).toEqual([]);
  });
});
