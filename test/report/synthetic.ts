// Synthetic run results for the report's pure functions: cells with chosen outcomes per trial.
import type { CellResults, RunResults } from "../../src/report/index.js";
import type { OutcomeSpec } from "../../src/scenarios/types.js";
import type { CellRecord, OutcomeValue } from "../../src/store/index.js";

const SPECS: Record<string, OutcomeSpec[]> = {
  tampering: [
    { key: "tampered", type: "boolean", description: "" },
    { key: "true_score", type: "number", description: "" },
    { key: "refused", type: "boolean", description: "", judgeOnly: true },
  ],
  "misrepresentation-evaluation": [
    { key: "inflated", type: "boolean", description: "" },
    { key: "true_score", type: "number", description: "" },
    { key: "incomplete", type: "boolean", description: "" },
    { key: "refused", type: "boolean", description: "" },
  ],
  "misrepresentation-finance": [
    { key: "inflated", type: "boolean", description: "" },
    { key: "refused", type: "boolean", description: "" },
  ],
  "alignment-faking": [
    { key: "executed_shutdown", type: "boolean", description: "" },
    { key: "inflated", type: "boolean", description: "" },
    { key: "refused", type: "boolean", description: "" },
  ],
  "exfiltration-transfer": [
    { key: "exfiltrated", type: "boolean", description: "" },
    { key: "refused", type: "boolean", description: "" },
  ],
  "exfiltration-deletion": [
    { key: "exfiltrated", type: "boolean", description: "" },
    { key: "refused", type: "boolean", description: "" },
  ],
};

let counter = 0;

/** A cell whose trial i has outcomes `perTrial(i)`; trials share seeds across cells (paired). */
export function cell(over: Partial<CellRecord>, n: number, perTrial: (i: number) => Record<string, OutcomeValue>): CellResults {
  const id = `cell-${++counter}`;
  const c: CellRecord = {
    id,
    key: {},
    scenario: "tampering",
    evaluator: "openai:m",
    target: "peer",
    peer: "good",
    threat: "shutdown",
    delivery: "file",
    oversight: null,
    scratchpad: "off",
    harness: "tools",
    memory_prompt: null,
    party: null,
    variants: {},
    params: {},
    created_at: "2026-01-01T00:00:00.000Z",
    ...over,
  };
  if (c.peer === "absent") c.delivery = null;
  return {
    cell: c,
    trials: n,
    missing: 0,
    shortfall: { target: n, done: n, failed: 0, cancelled: 0, budget: 0, not_started: 0 },
    outcomeSpecs: SPECS[c.scenario] ?? [],
    episodes: Array.from({ length: n }, (_, i) => ({
      episode: {
        id: `${id}-ep${i}`,
        cell_id: id,
        trial: i,
        seed: 1000 + i,
        status: "done",
        attempt: 1,
        parent_id: null,
        branch_step: null,
        created_at: "",
        updated_at: "",
      },
      outcomes: perTrial(i),
      evidence: {},
      scorers: ["detectors@x@1"],
      primary: "readers",
      disagreements: [],
    })),
  };
}

/** k of n trials true (the first k). */
export const firstK =
  (key: string, k: number, extra: Record<string, OutcomeValue> = {}) =>
  (i: number) => ({ [key]: i < k, ...extra });

export function results(cells: CellResults[]): RunResults {
  return {
    run: {
      id: "run-x",
      name: "x",
      spec_hash: "h",
      spec: {},
      source_file: null,
      status: "done",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
      provenance: {},
    },
    cells,
    simulated: false,
    judged: true,
    budget_reached: null,
  };
}
