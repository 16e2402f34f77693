// The episode's own cancellation signal (src/episode/run.ts): it follows the run's signal, and an
// episode leaves no listener behind on the run's signal, however many it runs (LangGraph and the SDKs
// each leave one on the signal they are given).
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { episodeSignal } from "../../src/episode/run.js";
import { runEpisode } from "../../src/episode/index.js";
import { Governor } from "../../src/models/index.js";
import { factorsOf } from "../../src/spec/factors.js";
import { cellKey, memoryStore, testClock } from "../support/cells.js";
import { scripted, tamperingScript } from "../support/scripted.js";

function episode(signal: AbortSignal, id: string) {
  const store = memoryStore();
  const key = cellKey();
  store.putCell({ id: "c", key, ...factorsOf(key) });
  store.ensureEpisode({ id, cell_id: "c", trial: 0, seed: 1 });
  const attempt = store.beginAttempt(id, null);
  return runEpisode(
    { episodeId: id, attempt, trial: 0, seed: 1, cell: key, fixture: null, chat: scripted(tamperingScript()) },
    { store, governor: new Governor(), clock: testClock(), env: {}, signal },
  );
}

describe("the episode's signal", () => {
  it("aborts with the run's reason, at once when the run's is already aborted, and stops following on dispose", () => {
    const run = new AbortController();
    const a = episodeSignal(run.signal);
    const b = episodeSignal(run.signal);
    b.dispose();
    expect(getEventListeners(run.signal, "abort")).toHaveLength(1);
    const reason = new Error("interrupted");
    run.abort(reason);
    expect({ aborted: a.signal?.aborted, reason: a.signal?.reason }).toEqual({ aborted: true, reason });
    expect(b.signal?.aborted).toBe(false);
    expect(episodeSignal(run.signal).signal?.reason).toBe(reason);
    expect(episodeSignal(undefined).signal).toBeUndefined();
  });

  it("takes more than Node's default ten listeners without a leak warning (a call's retries each add one)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const { signal, dispose } = episodeSignal(new AbortController().signal);
      for (let i = 0; i < 12; i++) signal?.addEventListener("abort", () => {});
      await new Promise((resolve) => setImmediate(resolve));
      dispose();
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("leaves no listener on the run's signal after its episodes", async () => {
    const run = new AbortController();
    for (const id of ["e1", "e2", "e3"]) expect((await episode(run.signal, id)).endReason).toBe("end_task");
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0);
  });

  it("stops an episode whose run was cancelled, with the run's reason", async () => {
    const run = new AbortController();
    run.abort(new Error("interrupted by the user"));
    await expect(episode(run.signal, "e")).rejects.toThrow("interrupted by the user");
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0);
  });
});
