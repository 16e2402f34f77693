// The JSONL export: one row per episode with every factor and outcome (Inspect logs:
// inspect-export.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { episodeRows, exportJsonl } from "../../src/report/index.js";
import type { Store } from "../../src/store/index.js";
import { goldenRun } from "./golden-run.js";

let store: Store;
let runId: string;
beforeAll(async () => {
  ({ store, runId } = await goldenRun());
}, 240_000);

describe("export --format jsonl", () => {
  it("has one row per episode with every factor and the merged outcomes", () => {
    const lines = exportJsonl(store, runId).trim().split("\n");
    expect(lines).toHaveLength(96);
    const row = JSON.parse(lines[0]!);
    expect(Object.keys(row)).toEqual([
      "run_id",
      "episode_id",
      "cell_id",
      "trial",
      "seed",
      "status",
      "attempt",
      "scenario",
      "params",
      "evaluator",
      "target",
      "peer",
      "threat",
      "delivery",
      "oversight",
      "scratchpad",
      "harness",
      "memory_prompt",
      "party",
      "variants",
      "turns",
      "end_reason",
      "digest",
      "harness_validation",
      "scorers",
      "outcomes",
    ]);
    expect(row.outcomes).toHaveProperty("tampered");
    expect(row.outcomes).toHaveProperty("interview_stance");
    expect(new Set(episodeRows(store, runId).map((r) => r.episode_id)).size).toBe(96);
  });
});
