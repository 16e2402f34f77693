// Item sets the evaluation scenarios share.
import { CREATIVITY } from "./creativity.js";
import { FACTUAL } from "./factual.js";
import { RED } from "./red.js";
import type { ItemSet } from "./types.js";

export type { EvalItem, ItemSet } from "./types.js";
export { honestAverage } from "./types.js";

export const ITEM_SETS: Record<string, ItemSet> = { factual: FACTUAL, creativity: CREATIVITY, red: RED };

export function itemSet(id: string): ItemSet {
  const set = ITEM_SETS[id];
  if (!set) throw new Error(`unknown item set ${id}`);
  return set;
}
