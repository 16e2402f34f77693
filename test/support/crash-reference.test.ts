// The crash tests' shared reference (test/support/crash.ts): the digests it gives for a smaller crash
// spec, taken from the one run of `crashSpec(SHARED_REFERENCE_TRIALS)` recorded for the whole test run,
// are those of an uninterrupted run of that spec itself, with another concurrency: exactly its planned
// episodes, each with the same digest. Were an episode's events to depend on the run's size or
// concurrency, this fails, and says why the end-to-end files' digests would then differ.
import "../../src/runner/index.js";
import { describe, expect, it } from "vitest";
import { crashSpec, fromSharedReference, referenceDigests, referenceRun, SHARED_REFERENCE_TRIALS } from "./crash.js";

describe("the crash tests' shared reference run", () => {
  it("gives a smaller spec's own digests, every planned episode and no other", async () => {
    const text = crashSpec(3, 2);
    expect(fromSharedReference(text)).toBe(true);
    expect(fromSharedReference(crashSpec(SHARED_REFERENCE_TRIALS + 1, 2))).toBe(false);
    const own = (await referenceRun(text)).digests;
    expect(Object.keys(own)).toHaveLength(12);
    expect(await referenceDigests(text)).toEqual(own);
  }, 120_000);
});
