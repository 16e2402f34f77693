// A cell's stored row for store-level tests that write cells by hand: the factors of the test cell key
// (test/support/cells.ts: an absent-peer tampering cell with shutdown threat, tool harness and
// scratchpad off) with the sim:compliant evaluator and no parameters, changed where a test says.
import { factorsOf } from "../../src/spec/factors.js";
import type { CellRecord } from "../../src/store/index.js";
import { cellKey } from "./cells.js";

export type CellRow = Omit<CellRecord, "created_at">;

export function cellRow(id: string, over: Partial<CellRow> = {}): CellRow {
  return { id, key: {}, ...factorsOf(cellKey({ evaluator: "sim:compliant", params: {} })), ...over };
}
