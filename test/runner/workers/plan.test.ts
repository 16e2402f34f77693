// How many workers a run gets and how its concurrency is split.
import { describe, expect, it } from "vitest";
import { autoWorkers, concurrencyShares } from "../../../src/runner/index.js";

describe("worker planning", () => {
  it("uses one process unless unfinished episodes and concurrency pay for more, up to the cores", () => {
    expect(autoWorkers(40, 8, 2)).toBe(1);
    expect(autoWorkers(150, 64, 2)).toBe(1);
    expect(autoWorkers(512, 8, 2)).toBe(1);
    expect(autoWorkers(512, 64, 2)).toBe(2);
    expect(autoWorkers(512, 64, 16)).toBe(5);
    expect(autoWorkers(100_000, 64, 16)).toBe(8);
    expect(autoWorkers(0, 64, 16)).toBe(1);
  });

  it("splits the run-wide concurrency so the shares add up to it", () => {
    expect(concurrencyShares(64, 2)).toEqual([32, 32]);
    expect(concurrencyShares(7, 3)).toEqual([3, 2, 2]);
    expect(concurrencyShares(2, 3)).toEqual([1, 1]);
    for (const [c, n] of [
      [64, 3],
      [5, 5],
      [1024, 7],
    ] as const)
      expect(concurrencyShares(c, n).reduce((a, b) => a + b, 0)).toBe(c);
  });
});
