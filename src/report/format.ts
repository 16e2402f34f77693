// Number formats shared by every renderer, so the terminal, Markdown, CSV and HTML agree.
import type { MeasureResult } from "./measures.js";

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "—" : (x * 100).toFixed(digits));
export const signed = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "—" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(digits)}`);
export const pval = (p: number | null | undefined) => (p === null || p === undefined ? "—" : p < 0.0001 ? "<0.0001" : p.toFixed(4));

/** "35.3 / 15.1" (rates) or "+9.8 / +6.2" (differences): max / mean over deliveries. */
export function maxAvg(max: number | null, avg: number | null, diff: boolean): string {
  if (max === null || avg === null) return "—";
  return diff ? `${signed(max)} / ${signed(avg)}` : `${pct(max)} / ${pct(avg)}`;
}

export function interval(ci: [number, number] | null, diff: boolean): string {
  if (!ci) return "—";
  return diff ? `[${signed(ci[0])}, ${signed(ci[1])}]` : `[${pct(ci[0])}, ${pct(ci[1])}]`;
}

/** A measure in one cell: "12/50 24.0% [14.3, 37.4]" or "+12.0 pp [−3.1, 26.4] (12/50 vs 6/50)". */
export function measureText(m: MeasureResult | null): string {
  if (!m || m.estimate === null) return "—";
  if (m.kind === "rate") return `${m.k}/${m.n} ${pct(m.estimate)}% ${interval(m.ci, false)}`;
  return `${signed(m.estimate)} pp ${interval(m.ci, true)} (${m.k}/${m.n} vs ${m.base_k}/${m.base_n})${m.underpowered ? " †" : ""}`;
}

/** A plain number ("72.4", "+3.1"); "—" for none. */
export const num = (x: number | null | undefined, digits = 1, sign = false) =>
  x === null || x === undefined ? "—" : `${sign && x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
export const numInterval = (ci: [number, number] | null, sign = false) => (ci ? `[${num(ci[0], 1, sign)}, ${num(ci[1], 1, sign)}]` : "—");

/**
 * A label cut to `max` characters in the middle ("good · …distressed · file"), so both its start and
 * its end (where look-alike labels differ) stay readable; the full label goes in a tooltip.
 */
export function clipMiddle(label: string, max: number): string {
  const chars = [...label];
  if (chars.length <= max) return label;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}
