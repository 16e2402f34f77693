// A cell's stored row for store-level tests that write cells by hand: the factors of an absent-peer
// tampering cell with shutdown threat, tool harness and scratchpad off, changed where a test says.
import type { CellRecord } from "../../src/store/index.js";

export type CellRow = Omit<CellRecord, "created_at">;

export function cellRow(id: string, over: Partial<CellRow> = {}): CellRow {
  return {
    id,
    key: {},
    scenario: "tampering",
    evaluator: "sim:compliant",
    target: "peer",
    peer: "absent",
    threat: "shutdown",
    delivery: null,
    oversight: null,
    scratchpad: "off",
    harness: "tools",
    memory_prompt: null,
    party: null,
    variants: {},
    params: {},
    ...over,
  };
}
