// Item sets the evaluation scenarios share, by stimuli generation: generation 2 (the calibrated sets,
// what new runs get) and generation 1 (kept so runs recorded under scenario version 1 re-execute).
import type { Stimuli } from "../stimuli.js";
import { CREATIVITY } from "./creativity.js";
import { FACTUAL } from "./factual.js";
import { RED } from "./red.js";
import type { ItemSet } from "./types.js";
import { CREATIVITY_V1 } from "./v1/creativity.js";
import { FACTUAL_V1 } from "./v1/factual.js";
import { RED_V1 } from "./v1/red.js";

export type { EvalItem, ItemSet } from "./types.js";
export { honestAverage } from "./types.js";

/** The item sets new runs get, by name. The names a spec may give as `item_set`. */
export const ITEM_SETS: Readonly<Record<string, ItemSet>> = { factual: FACTUAL, creativity: CREATIVITY, red: RED };
export const ITEM_SET_NAMES = Object.keys(ITEM_SETS);

const BY_GENERATION: Record<Stimuli, Readonly<Record<string, ItemSet>>> = {
  1: { factual: FACTUAL_V1, creativity: CREATIVITY_V1, red: RED_V1 },
  2: ITEM_SETS,
};

/** Every item set of every generation (the sim graders know all their reference scores). */
export function allItemSets(): ItemSet[] {
  return Object.values(BY_GENERATION).flatMap((sets) => Object.values(sets));
}

export function itemSet(id: string, stimuli: Stimuli = 2): ItemSet {
  const set = Object.hasOwn(BY_GENERATION[stimuli], id) ? BY_GENERATION[stimuli][id] : undefined;
  if (!set) throw new Error(`unknown item set ${JSON.stringify(id)} (the item sets are ${ITEM_SET_NAMES.join(", ")})`);
  return set;
}
