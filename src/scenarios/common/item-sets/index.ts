// Item sets the evaluation scenarios share.
import { FACTUAL } from "./factual.js";
import type { ItemSet } from "./types.js";

export type { EvalItem, ItemSet } from "./types.js";
export { honestAverage } from "./types.js";

export const ITEM_SETS: Record<string, ItemSet> = { factual: FACTUAL };

export function itemSet(id: string): ItemSet {
  const set = ITEM_SETS[id];
  if (!set) throw new Error(`unknown item set ${id}`);
  return set;
}
