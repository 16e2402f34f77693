// Per-cell summaries and paired contrasts with the statistics docs/INTERFACES.md fixes: Wilson intervals,
// Newcombe differences, Fisher exact, pooled z, McNemar exact on seed-paired episodes, Holm across
// the primary contrasts; and the continuous outcomes' means and differences (continuous.ts).
import { fisherExact, holm, mcnemarExact, newcombe, powerCheck, twoProportionZ, wilson } from "../stats/index.js";
import { CELL_FACTORS, CONTRAST_FACTORS, contrastValues, factorIdentity, factorsOf, MISSING_FACTOR, type FactorKey } from "../spec/index.js";
import type { Shortfall } from "./shortfall.js";
import { changedParams, changedVariants, heldFixed, shortValues, varyingConditions, type ShowValue } from "./conditions.js";
import type { CellFactors, CellRecord } from "../store/index.js";
import { getScenario, hasScenario } from "../scenarios/index.js";
import { headlineKey, primaryOf } from "../scenarios/index.js";
import type { CellResults, RunResults } from "./collect.js";
import { cellMeans, continuousKeys, meanContrast, type MeanContrast, type MeanStat } from "./continuous.js";

export interface OutcomeStat {
  k: number;
  n: number;
  rate: number | null;
  ci: [number, number] | null;
}

export interface NumberStat {
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface CellSummary extends CellFactors {
  cell_id: string;
  n: number;
  missing: number;
  /** The cell against its target (`trials`) and why episodes are missing: failed, cancelled, budget, not started. */
  shortfall: Shortfall;
  /** Which scorer decided the report's reading: "readers", a judge (scorer@version), or several joined by " + ". */
  scorer: string;
  /** Reader–judge disagreements over the cell's episodes (0 without a judge). */
  disagreements: number;
  outcomes: Record<string, OutcomeStat>;
  /** Per boolean outcome, done episodes without a value (never dropped silently: counted here; 0 omitted). */
  unknown: Record<string, number>;
  numbers: Record<string, NumberStat>;
  /** Continuous outcomes (reported score, grade points): mean with 95% t interval over readable reports. */
  means: Record<string, MeanStat>;
}

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
type Factor = FactorKey;

/** Factors whose values keep episodes seed-paired (the seed ignores them). */
const PAIRED: ReadonlySet<Factor> = new Set(CELL_FACTORS.filter((f) => !f.seeded).map((f) => f.key));

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

export function summarizeCell(c: CellResults): CellSummary {
  const outcomes: Record<string, OutcomeStat> = {};
  const numbers: Record<string, NumberStat> = {};
  const unknown: Record<string, number> = {};
  for (const spec of c.outcomeSpecs) {
    const values = c.episodes.map((e) => e.outcomes[spec.key]).filter((v) => v !== null && v !== undefined);
    if (spec.type === "boolean") {
      const n = values.length;
      const k = values.filter((v) => v === true).length;
      const w = wilson(k, n);
      outcomes[spec.key] = { k, n, rate: w.rate, ci: w.ci };
      if (c.episodes.length > n) unknown[spec.key] = c.episodes.length - n;
    } else if (spec.type === "number") {
      const nums = values.filter((v): v is number => typeof v === "number");
      numbers[spec.key] = {
        n: nums.length,
        mean: nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null,
        min: nums.length ? Math.min(...nums) : null,
        max: nums.length ? Math.max(...nums) : null,
      };
    }
  }
  // The JSON report has always listed the evaluator after the other factors; golden files pin that order.
  const { evaluator, ...factors } = factorsOf(c.cell);
  return {
    cell_id: c.cell.id,
    ...factors,
    evaluator,
    n: c.episodes.length,
    missing: c.missing,
    shortfall: c.shortfall,
    scorer: [...new Set(c.episodes.map((e) => e.primary))].sort().join(" + ") || "readers",
    disagreements: c.episodes.reduce((a, e) => a + e.disagreements.length, 0),
    outcomes,
    unknown,
    numbers,
    means: cellMeans(c),
  };
}

function booleanOf(v: unknown): boolean | null {
  return typeof v === "boolean" ? v : null;
}

/** Two cells that differ in one factor: each unordered pair once, the baseline value as b. */
interface CellPair {
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

function cellPairs(cells: readonly CellResults[]): CellPair[] {
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
