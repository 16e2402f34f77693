// The runner's wiring of the shared limits (runExperiment against the local server): a run that shares
// them (a worker's; every run on PostgreSQL) keeps the key's calls and a 429's pause in the database's
// rows, under the key's fingerprint; a one-process SQLite run keeps them in memory and writes no row;
// and the episodes are the same, digest for digest, either way.
import { afterEach, describe, expect, it } from "vitest";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { testClock } from "../support/cells.js";
import { startLlmServer, byTurn, type LlmServer } from "../support/llm-server.js";
import { OPENAI_KEY, TAMPERING_TURNS } from "./helpers.js";

let llm: LlmServer | null = null;
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await llm?.close();
  llm = null;
});

const spec = () =>
  loadExperimentText(
    [
      "name: shared-limits",
      "evaluator: openai:gpt-test",
      "scenarios: [tampering]",
      "params: {tampering: {item_set: [factual], threshold: [80]}}",
      "trials: 2",
      "seed: 3",
      "concurrency: 2",
    ].join("\n"),
  );

async function run(sharedLimits: boolean) {
  const store = openStore(":memory:", { clock: testClock() });
  stores.push(store);
  const env = { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm!.openaiBaseUrl, PEERLAB_CALLS_PER_KEY: "1", PEERLAB_RETRY_BASE_MS: "1" };
  const r = await runExperiment(spec(), { store, clock: testClock(), env, sharedLimits });
  const db = rawDatabaseForTests(store);
  const digests = store.runEpisodes(r.run_id).map((e) => store.listAttempts(e.id).map((a) => a.digest));
  return {
    r,
    digests,
    keys: db.prepare("SELECT key, provider, blocked_until FROM rate_limit_keys").all() as { key: string; provider: string; blocked_until: number }[],
    calls: db.prepare("SELECT COUNT(*) AS n, SUM(in_flight) AS live FROM rate_limit_calls").get() as { n: number; live: number | null },
  };
}

describe("the runner's shared limits", () => {
  it("keeps a shared run's calls and 429 pause in the database, a one-process run's in memory, with the same episodes", async () => {
    llm = await startLlmServer({ turns: byTurn(TAMPERING_TURNS) });
    const alone = await run(false);
    expect(alone.r.status).toBe("done");
    expect(alone.keys).toEqual([]);
    expect(alone.calls.n).toBe(0);

    llm.failNext({ kind: "rate_limit", retryAfterMs: 20 });
    const shared = await run(true);
    expect(shared.r.status).toBe("done");
    expect(shared.keys).toHaveLength(1);
    expect(shared.keys[0]).toMatchObject({ provider: "openai" });
    expect(shared.keys[0]!.key).toMatch(/^[0-9a-f]{32}$/);
    // The 429's pause ends the server's 20 ms after the run's (fixed) clock; readers add the 1 s clock tolerance.
    expect(shared.keys[0]!.blocked_until).toBe(testClock().now().getTime() + 20);
    // Every call of the run (8) and the one that got the 429, none left in flight.
    expect(shared.calls).toEqual({ n: 9, live: 0 });
    expect(shared.digests).toEqual(alone.digests);
  }, 60_000);
});
