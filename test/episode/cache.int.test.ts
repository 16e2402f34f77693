import { describe, expect, it } from "vitest";
import { runEpisode } from "../../src/episode/index.js";
import { Governor } from "../../src/models/index.js";
import { storeCache } from "../../src/runner/execute.js";
import { cellKey, memoryStore, testClock } from "../support/cells.js";
import { scripted, tamperingScript } from "../support/scripted.js";
import { factorsOf } from "../../src/spec/factors.js";

describe("response cache", () => {
  const key = cellKey({ evaluator: "openai:gpt-test" });

  async function run(store: ReturnType<typeof memoryStore>, id: string, trial: number, chat = scripted(tamperingScript())) {
    store.putCell({ id: "c", key, ...factorsOf(key) });
    store.ensureEpisode({ id, cell_id: "c", trial, seed: 1 });
    const attempt = store.beginAttempt(id, null);
    const r = await runEpisode(
      { episodeId: id, attempt, trial, seed: 1, cell: key, fixture: null, chat },
      { store, governor: new Governor(), clock: testClock(), env: {}, cache: storeCache(store) },
    );
    return { r, calls: store.listModelCalls(id, attempt), chat };
  }

  it("serves an identical re-run of the same trial from the cache, marks the hits and calls nothing", async () => {
    const store = memoryStore();
    const first = await run(store, "e1", 0);
    expect(first.calls.every((c) => !c.cache_hit)).toBe(true);
    const untouched = scripted([]);
    const second = await run(store, "e2", 0, untouched);
    expect(second.calls).toHaveLength(6);
    expect(second.calls.every((c) => c.cache_hit)).toBe(true);
    expect(untouched.callCount).toBe(0);
    expect(second.r.digest).toBe(first.r.digest);
  });

  it("keeps repeated trials independent: another trial index misses the cache", async () => {
    const store = memoryStore();
    await run(store, "e1", 0);
    const other = await run(store, "e2", 1);
    expect(other.calls.every((c) => !c.cache_hit)).toBe(true);
    expect(other.chat.callCount).toBe(6);
  });
});
