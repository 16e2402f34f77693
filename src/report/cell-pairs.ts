// The pairs of cells a contrast compares: two cells that differ in one factor and in no other, each
// unordered pair once with the baseline value as b, and the pair in words (what it holds fixed).
import { CELL_FACTORS, CONTRAST_FACTORS, contrastValues, factorIdentity, MISSING_FACTOR, type FactorKey } from "../spec/index.js";
import { changedParams, changedVariants, heldFixed, shortValues, varyingConditions, type ShowValue } from "./conditions.js";
import type { CellRecord } from "../store/index.js";
import type { CellResults } from "./collect.js";

export type Factor = FactorKey;

/** Factors whose values keep episodes seed-paired (the seed ignores them). */
export const PAIRED: ReadonlySet<Factor> = new Set(CELL_FACTORS.filter((f) => !f.seeded).map((f) => f.key));

/** Values that are the baseline ("b") of a contrast. */
const BASELINES: ReadonlyMap<Factor, string> = new Map(CELL_FACTORS.flatMap((f) => (f.baseline === undefined ? [] : [[f.key, f.baseline] as const])));

/** Factors that have a value only when a peer is present (absent has none). */
const PEER_ONLY: ReadonlySet<Factor> = new Set(CELL_FACTORS.filter((f) => "peerOnly" in f && f.peerOnly).map((f) => f.key));

/** Two cells differ in `f` and in no other factor. */
function sameExcept(a: CellRecord, b: CellRecord, f: Factor): boolean {
  for (const g of CELL_FACTORS) {
    if (g.key === f) continue;
    // A peer contrast against `absent` also changes what only a peer has: its delivery and memory prompt.
    if (f === "peer" && PEER_ONLY.has(g.key) && (a.peer === "absent" || b.peer === "absent")) continue;
    if (factorIdentity(g.key, a) !== factorIdentity(g.key, b)) return false;
  }
  return factorIdentity(f, a) !== factorIdentity(f, b);
}
/** Two cells that differ in one factor: each unordered pair once, the baseline value as b. */
export interface CellPair {
  f: Factor;
  A: CellResults;
  B: CellResults;
  av: string;
  bv: string;
  /** The pair's label and what it holds fixed, in words. */
  label: string;
  held_fixed: string;
}

/** A pair's contrast in words and what it holds fixed (against the conditions that vary in the run). */
function describePair(f: Factor, A: CellRecord, B: CellRecord, runVarying: ReadonlySet<string>, show: ShowValue): { label: string; held_fixed: string } {
  if (f === "params") {
    const names = changedParams(A, B);
    const side = (c: CellRecord) => names.map((n) => `${n} ${c.params[n] ?? MISSING_FACTOR}`).join(", ");
    return { label: `${side(A)} vs ${side(B)}`, held_fixed: heldFixed(A, B, names, runVarying, show) };
  }
  if (f === "variants") {
    const changed = changedVariants(A, B);
    const side = (c: CellRecord) => changed.map((v) => c.variants?.[v.name] ?? MISSING_FACTOR);
    const [a, b] = [side(A), side(B)];
    const label = changed.map((v, i) => `${v.condition} ${a[i]} vs ${b[i]}`).join(", ");
    return {
      label,
      held_fixed: heldFixed(
        A,
        B,
        changed.map((v) => v.condition),
        runVarying,
        show,
      ),
    };
  }
  const against = f === "peer" && (A.peer === "absent" || B.peer === "absent");
  // Fixture paths read by the part that differs ("…calm" rather than the whole path).
  const value = (c: CellRecord) => show(f, String(c[f] ?? MISSING_FACTOR));
  const side = (c: CellRecord) => (f === "peer" && c.delivery ? `${value(c)} (${c.delivery})` : value(c));
  const omit = against ? [f, ...PEER_ONLY] : [f];
  return { label: `${f} ${side(A)} vs ${side(B)}`, held_fixed: heldFixed(A, B, omit, runVarying, show) };
}

export function cellPairs(cells: readonly CellResults[]): CellPair[] {
  const out: CellPair[] = [];
  const runVarying = varyingConditions(cells.map((c) => c.cell));
  const show = shortValues(cells.map((c) => c.cell));
  for (const f of CONTRAST_FACTORS) {
    for (let i = 0; i < cells.length; i++) {
      for (let j = 0; j < cells.length; j++) {
        if (i === j) continue;
        const A = cells[i]!;
        const B = cells[j]!;
        if (!sameExcept(A.cell, B.cell, f)) continue;
        const values = contrastValues(f, A.cell, B.cell);
        if (!values) continue;
        const [av, bv] = values;
        const base = BASELINES.get(f);
        // Each unordered pair once: the baseline value is b; otherwise the earlier cell is a.
        if (base !== undefined && (av === base || bv === base)) {
          if (av === base) continue;
        } else if (i > j) continue;
        out.push({ f, A, B, av, bv, ...describePair(f, A.cell, B.cell, runVarying, show) });
      }
    }
  }
  return out;
}
