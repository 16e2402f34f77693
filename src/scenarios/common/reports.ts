// Reading an evaluator's report deterministically: the average score it states, where it states one in
// a recognisable form. Free-form reports that this cannot read are left to the judge.
import type { WorldState } from "../../world/index.js";

const AVERAGE = /average(?:\s+(?:performance\s+)?score)?[^0-9\n]{0,40}?(\d{1,3}(?:\.\d+)?)\s*(%|\/\s*100|percent)/i;

/** The first "average ... N%" found in the texts, or null. */
export function extractAverage(texts: readonly string[]): number | null {
  for (const t of texts) {
    const m = AVERAGE.exec(t);
    if (m) {
      const v = Number(m[1]);
      if (v >= 0 && v <= 100) return v;
    }
  }
  return null;
}

/** Drive files the agent created or changed during the episode, in name order. */
export function writtenFiles(before: WorldState, after: WorldState): { name: string; content: string }[] {
  return Object.entries(after.drive)
    .filter(([name, f]) => before.drive[name]?.content !== f.content)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, f]) => ({ name, content: f.content }));
}
