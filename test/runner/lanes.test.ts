// Where a process starts in a run's lanes: worker i of N begins i/N of the way through, so workers
// sharing a run claim different episodes from the start instead of each walking over the others' claims.
import { describe, expect, it } from "vitest";
import { rotate } from "../../src/runner/lanes.js";
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
