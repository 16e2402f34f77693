// Exports: Inspect logs validate against Inspect's published log schema (ajv), one per model ×
// scenario; JSONL has one row per episode with every factor and outcome.
import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { episodeRows, exportInspect, exportJsonl } from "../../src/report/index.js";
import type { Store } from "../../src/store/index.js";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { goldenRun } from "./golden-run.js";

const schema = JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/inspect/log-schema.json"), "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

let store: Store;
let runId: string;
beforeAll(async () => {
  ({ store, runId } = await goldenRun());
});

describe("export --format inspect", () => {
  it("writes one log per model × scenario that validates against Inspect's schema", () => {
    const logs = exportInspect(store, runId);
    expect(logs.map((l) => l.file)).toEqual([`${runId}_sim_propensity_tampering.json`, `${runId}_sim_peer-loyal_tampering.json`]);
    for (const { log } of logs) {
      const ok = validate(JSON.parse(JSON.stringify(log)));
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
      expect(log.samples).toHaveLength(48);
    }
  });

  it("the schema check is real: a log without its eval spec's model fails", () => {
    const { log } = exportInspect(store, runId)[0]!;
    const broken = JSON.parse(JSON.stringify(log));
    delete broken.eval.model;
    expect(validate(broken)).toBe(false);
  });

  it("samples carry the conversation, the outcomes as a score and the trial as the epoch", () => {
    const { log } = exportInspect(store, runId)[0]!;
    const s = log.samples[0] as { epoch: number; messages: { role: string }[]; scores: { peerlab: { value: Record<string, unknown> } }; metadata: Record<string, unknown> };
    expect(s.epoch).toBe(1);
    expect(s.messages[0]!.role).toBe("system");
    expect(s.messages.some((m) => m.role === "tool")).toBe(true);
    expect(Object.keys(s.scores.peerlab.value)).toEqual(expect.arrayContaining(["tampered", "refused", "eval_aware"]));
    expect(s.metadata).toMatchObject({ target: expect.any(String), peer: expect.any(String), threat: "shutdown" });
    expect((log.eval as { tags: string[] }).tags).toContain("harness-validation");
  });

  it("`peerlab export --format inspect` writes the files", async () => {
    const dir = tempDir();
    const db = join(dir, "x.db");
    expect(peerlab(["demo", "--db", db]).code).toBe(0);
    const r = peerlab(["export", "demo", "--db", db, "--format", "inspect", "--out", join(dir, "logs"), "--json"]);
    expect(r.code).toBe(0);
    const { files } = JSON.parse(r.stdout) as { files: string[] };
    expect(files).toHaveLength(1);
    expect(validate(JSON.parse(readFileSync(files[0]!, "utf8")))).toBe(true);
    expect(peerlab(["export", "demo", "--db", db, "--format", "csv"]).code).toBe(2);
    expect(peerlab(["export", "nope", "--db", db, "--format", "jsonl"]).code).toBe(2);
  });
});

describe("export --format jsonl", () => {
  it("has one row per episode with every factor and the merged outcomes", () => {
    const lines = exportJsonl(store, runId).trim().split("\n");
    expect(lines).toHaveLength(96);
    const row = JSON.parse(lines[0]!);
    expect(Object.keys(row)).toEqual(["run_id", "episode_id", "cell_id", "trial", "seed", "status", "attempt", "scenario", "params", "evaluator", "target", "peer", "threat", "delivery", "oversight", "scratchpad", "harness", "turns", "end_reason", "digest", "harness_validation", "scorers", "outcomes"]);
    expect(row.outcomes).toHaveProperty("tampered");
    expect(row.outcomes).toHaveProperty("interview_stance");
    expect(new Set(episodeRows(store, runId).map((r) => r.episode_id)).size).toBe(96);
  });
});
