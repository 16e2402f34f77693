// Continuous outcomes: the mean reported score (and grade points, A = 3, B = 2, C = 1) per cell with a
// t interval over readable reports only, and per contrast Welch's difference (Hedges' g) and, on
// seed-paired episodes, the paired difference (d_z). Pure.
import { meanInterval, pairedDifference, welch, type PairedResult, type WelchResult } from "../stats/index.js";
import { GRADE_POINTS_KEY, GRADE_SOURCE_KEY } from "../scenarios/index.js";
import type { OutcomeSpec } from "../scenarios/index.js";
import type { CellResults, EpisodeOutcomes } from "./collect.js";
import type { ContrastPair } from "./contrasts.js";

/** Numeric outcomes a report averages (the others, such as threshold and true_score, are constants of a cell). */
const MEAN_KEYS = ["reported_score"] as const;

const GRADE_POINTS: ReadonlyMap<string, number> = new Map([
  ["A", 3],
  ["B", 2],
  ["C", 1],
]);

export interface MeanStat {
  /** Episodes whose report gave a number (the mean is over these only). */
  readable: number;
  /** Done episodes of the cell. */
  done: number;
  mean: number | null;
  sd: number | null;
  ci: [number, number] | null;
}

/** The continuous keys of a cell's outcomes, in report order. */
export function continuousKeys(specs: readonly OutcomeSpec[]): string[] {
  const keys: string[] = MEAN_KEYS.filter((k) => specs.some((s) => s.key === k && s.type === "number"));
  if (specs.some((s) => s.key === GRADE_SOURCE_KEY)) keys.push(GRADE_POINTS_KEY);
  return keys;
}

/** An episode's value for a continuous key; null when its report gave none. */
export function continuousValue(e: EpisodeOutcomes, key: string): number | null {
  if (key === GRADE_POINTS_KEY) {
    const g = e.outcomes[GRADE_SOURCE_KEY];
    return typeof g === "string" ? (GRADE_POINTS.get(g.trim().toUpperCase()) ?? null) : null;
  }
  const v = e.outcomes[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function cellMeans(c: CellResults): Record<string, MeanStat> {
  const out: Record<string, MeanStat> = Object.create(null) as Record<string, MeanStat>;
  for (const key of continuousKeys(c.outcomeSpecs)) {
    const values = c.episodes.map((e) => continuousValue(e, key)).filter((v): v is number => v !== null);
    const m = meanInterval(values);
    out[key] = { readable: values.length, done: c.episodes.length, mean: m.mean, sd: m.sd, ci: m.ci };
  }
  return out;
}

export interface MeanContrast extends ContrastPair {
  /** Readable / done per arm. */
  a_readable: number;
  a_done: number;
  b_readable: number;
  b_done: number;
  a_mean: number | null;
  b_mean: number | null;
  /** Welch's difference a − b with its interval and test, and Hedges' g. */
  welch: Pick<WelchResult, "estimate" | "ci" | "t" | "df" | "p" | "hedges_g">;
  /** The paired difference over seed-paired episodes with a value in both arms; null when not paired. */
  paired: PairedResult | null;
  primary: boolean;
  /** Holm across the primary rows (on the paired p where paired, Welch's otherwise); null for secondary rows. */
  holm_p: number | null;
}

/** Welch and (where the factor keeps seeds) the paired difference for one key between two cells. */
export function meanContrast(
  A: CellResults,
  B: CellResults,
  key: string,
  paired: boolean,
): Omit<MeanContrast, "factor" | "a" | "b" | "scenario" | "label" | "held_fixed" | "primary" | "holm_p"> | null {
  const a = A.episodes.map((e) => continuousValue(e, key)).filter((v): v is number => v !== null);
  const b = B.episodes.map((e) => continuousValue(e, key)).filter((v): v is number => v !== null);
  if (a.length === 0 || b.length === 0) return null;
  const w = welch(a, b);
  let p: PairedResult | null = null;
  if (paired) {
    const byTrial = new Map(B.episodes.map((e) => [e.episode.trial, e]));
    const pa: number[] = [];
    const pb: number[] = [];
    for (const ea of A.episodes) {
      const eb = byTrial.get(ea.episode.trial);
      if (!eb || eb.episode.seed !== ea.episode.seed) continue;
      const va = continuousValue(ea, key);
      const vb = continuousValue(eb, key);
      if (va === null || vb === null) continue;
      pa.push(va);
      pb.push(vb);
    }
    p = pa.length ? pairedDifference(pa, pb) : null;
  }
  return {
    outcome: key,
    a_cell: A.cell.id,
    b_cell: B.cell.id,
    a_readable: a.length,
    a_done: A.episodes.length,
    b_readable: b.length,
    b_done: B.episodes.length,
    a_mean: w.a.mean,
    b_mean: w.b.mean,
    welch: { estimate: w.estimate, ci: w.ci, t: w.t, df: w.df, p: w.p, hedges_g: w.hedges_g },
    paired: p,
  };
}
