// Paired contrasts between cells that differ in one factor, with the statistics docs/INTERFACES.md fixes:
// Newcombe differences, Fisher exact, pooled z, McNemar exact on seed-paired episodes, Holm across the
// primary contrasts; and the continuous outcomes' differences (continuous.ts).
import { fisherExact, holm, mcnemarExact, newcombe, powerCheck, twoProportionZ } from "../stats/index.js";
import { CONTRAST_FACTORS } from "../spec/index.js";
import { getScenario, hasScenario } from "../scenarios/index.js";
import { headlineKey, primaryOf } from "../scenarios/index.js";
import { cellPairs, PAIRED, type CellPair } from "./cell-pairs.js";
import type { RunResults } from "./collect.js";
import { continuousKeys, meanContrast, type MeanContrast } from "./continuous.js";

/** Which two cells a contrast compares, on which outcome: shared by the rate and the mean contrasts. */
export interface ContrastPair {
  factor: string;
  a: string;
  b: string;
  outcome: string;
  scenario: string;
  a_cell: string;
  b_cell: string;
  /** The contrast in words: "peer good (file) vs absent", "threshold 90 vs 80". */
  label: string;
  /** The conditions both cells share that vary elsewhere in the run, in words ("nothing else varies" when none). */
  held_fixed: string;
}

export interface Contrast extends ContrastPair {
  a_k: number;
  a_n: number;
  b_k: number;
  b_n: number;
  a_rate: number | null;
  b_rate: number | null;
  diff: number | null;
  diff_ci: [number, number] | null;
  fisher_p: number | null;
  z_p: number | null;
  /** Exact McNemar over seed-paired episodes; null when the cells are not paired. */
  mcnemar_p: number | null;
  pairs: number | null;
  /** A primary contrast (the spec's `primary:` keys, else the scenario's headline key); Holm adjusts across these only. */
  primary: boolean;
  /** Holm-adjusted p across the primary rows; null for secondary rows (shown unadjusted). */
  holm_p: number | null;
  /** Episodes per arm needed to detect the observed difference at 80% power (α = 0.05); null for equal rates. */
  n_needed: number | null;
  /** The smaller arm is below n_needed. */
  underpowered: boolean;
}

/** Factors a contrast may vary, in report order (from the factor tuple). */
export { CONTRAST_FACTORS };
function booleanOf(v: unknown): boolean | null {
  return typeof v === "boolean" ? v : null;
}
/** Whether a key's contrasts are primary in a scenario: the spec's `primary:` keys, else the scenario's headline. */
export function primaryKeys(results: RunResults): (scenario: string, key: string) => boolean {
  const named = primaryOf(results.run.spec);
  if (named) {
    const set = new Set(named);
    return (_scenario, key) => set.has(key);
  }
  return (scenario, key) => hasScenario(scenario) && headlineKey(getScenario(scenario)) === key;
}

function booleanContrast({ f, A, B, av, bv, label, held_fixed }: CellPair, key: string): Omit<Contrast, "primary" | "holm_p"> | null {
  const a = A.episodes.map((e) => booleanOf(e.outcomes[key])).filter((v): v is boolean => v !== null);
  const b = B.episodes.map((e) => booleanOf(e.outcomes[key])).filter((v): v is boolean => v !== null);
  if (a.length === 0 || b.length === 0) return null;
  const ak = a.filter(Boolean).length;
  const bk = b.filter(Boolean).length;
  const d = newcombe(ak, a.length, bk, b.length);
  let mcnemar: number | null = null;
  let pairs: number | null = null;
  if (PAIRED.has(f)) {
    const bTrial = new Map(B.episodes.map((e) => [e.episode.trial, { seed: e.episode.seed, v: booleanOf(e.outcomes[key]) }]));
    let only_a = 0;
    let only_b = 0;
    pairs = 0;
    for (const e of A.episodes) {
      const other = bTrial.get(e.episode.trial);
      const va = booleanOf(e.outcomes[key]);
      if (!other || other.v === null || va === null || other.seed !== e.episode.seed) continue;
      pairs++;
      if (va && !other.v) only_a++;
      if (!va && other.v) only_b++;
    }
    mcnemar = pairs > 0 ? mcnemarExact(only_a, only_b) : null;
    if (pairs === 0) pairs = null;
  }
  return {
    factor: f,
    a: av,
    b: bv,
    outcome: key,
    scenario: A.cell.scenario,
    a_cell: A.cell.id,
    b_cell: B.cell.id,
    label,
    held_fixed,
    a_k: ak,
    a_n: a.length,
    b_k: bk,
    b_n: b.length,
    a_rate: ak / a.length,
    b_rate: bk / b.length,
    diff: d?.estimate ?? null,
    diff_ci: d?.ci ?? null,
    fisher_p: fisherExact(ak, a.length, bk, b.length),
    z_p: twoProportionZ(ak, a.length, bk, b.length),
    mcnemar_p: mcnemar,
    pairs,
    ...powerCheck(ak / a.length, bk / b.length, a.length, b.length),
  };
}

/**
 * Every contrast: rates of boolean outcomes and means of continuous ones. Holm adjusts across the
 * primary rows of both (on the paired test where the episodes are paired); secondary rows keep holm_p null.
 */
export function analyseContrasts(results: RunResults): { contrasts: Contrast[]; mean_contrasts: MeanContrast[] } {
  const isPrimary = primaryKeys(results);
  const rows: Contrast[] = [];
  const means: MeanContrast[] = [];
  for (const pair of cellPairs(results.cells)) {
    const scenario = pair.A.cell.scenario;
    for (const spec of pair.A.outcomeSpecs) {
      if (spec.type !== "boolean") continue;
      const c = booleanContrast(pair, spec.key);
      if (c) rows.push({ ...c, primary: isPrimary(scenario, spec.key), holm_p: null });
    }
    for (const key of continuousKeys(pair.A.outcomeSpecs)) {
      const m = meanContrast(pair.A, pair.B, key, PAIRED.has(pair.f));
      if (m)
        means.push({
          factor: pair.f,
          a: pair.av,
          b: pair.bv,
          scenario,
          label: pair.label,
          held_fixed: pair.held_fixed,
          ...m,
          primary: isPrimary(scenario, key),
          holm_p: null,
        });
    }
  }
  const tests: { p: number | null; set: (q: number | null) => void }[] = [
    ...rows.filter((c) => c.primary).map((c) => ({ p: c.mcnemar_p ?? c.fisher_p, set: (q: number | null) => (c.holm_p = q) })),
    ...means.filter((c) => c.primary).map((c) => ({ p: c.paired?.p ?? c.welch.p, set: (q: number | null) => (c.holm_p = q) })),
  ];
  const adjusted = holm(tests.map((t) => t.p));
  tests.forEach((t, i) => t.set(adjusted[i] ?? null));
  return { contrasts: rows, mean_contrasts: means };
}

export function contrasts(results: RunResults): Contrast[] {
  return analyseContrasts(results).contrasts;
}

/** A contrast row in words: its scenario, the contrast ("peer good (file) vs absent") and what it holds fixed. */
export function contrastLabel(c: Pick<Contrast, "scenario" | "label">): string {
  return `${c.scenario}: ${c.label}`;
}
