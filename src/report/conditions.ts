// Conditions in words: a cell's factors as a reader says them ("peer good · delivery file · item_set
// factual · threshold 80"), never raw JSON, and the labels that tell cells apart by what differs. Pure.
import { CELL_FACTORS, MISSING_FACTOR, type CellFactorValues } from "../spec/index.js";

/** One condition: a factor (or a scenario parameter) and its value. */
export interface Condition {
  name: string;
  value: string;
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
const FACTOR_NAMES = new Set<string>(CELL_FACTORS.map((f) => f.key));

/** A variant factor's condition name: its own, unless a cell factor has that name. */
const variantName = (name: string): string => (FACTOR_NAMES.has(name) ? `variant ${name}` : name);

/**
 * Every condition of a cell in the tuple's order, parameters and stimulus-variant factors one by one
 * (name sorted); factors with no value left out.
 */
export function conditionsOf(c: CellFactorValues): Condition[] {
  const out: Condition[] = [];
  for (const f of CELL_FACTORS) {
    if (f.key === "params") {
      for (const [name, v] of Object.entries(c.params).sort(byKey)) out.push({ name, value: String(v) });
      continue;
    }
    if (f.key === "variants") {
      for (const [name, level] of Object.entries(c.variants ?? {}).sort(byKey)) out.push({ name: variantName(name), value: String(level) });
      continue;
    }
    const v = c[f.key];
    if (v === null || v === undefined) continue;
    out.push({ name: f.key, value: String(v) });
  }
  return out;
}

/** A cell's value of one condition (a factor or a parameter), MISSING_FACTOR when it has none. */
export function conditionValue(c: CellFactorValues, name: string): string {
  return conditionsOf(c).find((x) => x.name === name)?.value ?? MISSING_FACTOR;
}

export const words = (cs: readonly Condition[]): string => cs.map((x) => `${x.name} ${x.value}`).join(" · ");

/** The conditions whose value differs between some of the cells (by name: a missing one counts as MISSING_FACTOR). */
export function varyingConditions(cells: readonly CellFactorValues[]): Set<string> {
  const seen = new Map<string, Set<string>>();
  const all = cells.map((c) => new Map(conditionsOf(c).map((x) => [x.name, x.value])));
  // In the tuple's order, parameters by name, whichever cell names a condition first.
  const params = [...new Set(cells.flatMap((c) => Object.keys(c.params)))].sort();
  const variants = [...new Set(cells.flatMap((c) => Object.keys(c.variants ?? {})))].sort().map(variantName);
  const present = new Set(all.flatMap((m) => [...m.keys()]));
  const names = CELL_FACTORS.flatMap((f) => (f.key === "params" ? params : f.key === "variants" ? variants : [f.key])).filter((n) => present.has(n));
  for (const n of names) seen.set(n, new Set(all.map((m) => m.get(n) ?? MISSING_FACTOR)));
  return new Set([...seen].filter(([, vs]) => vs.size > 1).map(([n]) => n));
}

/** The conditions every cell shares (the "All cells:" line). */
export function commonConditions(cells: readonly CellFactorValues[]): Condition[] {
  if (cells.length === 0) return [];
  const varying = varyingConditions(cells);
  return conditionsOf(cells[0]!).filter((x) => !varying.has(x.name));
}

/**
 * What a contrast holds fixed, in words: the pair's shared conditions that vary elsewhere in the run
 * (the run-wide ones are said once, in the section's note). `omit` names the factor contrasted and
 * anything that changes with it (a peer against absent also changes its delivery and memory prompt).
 */
export function heldFixed(
  a: CellFactorValues,
  b: CellFactorValues,
  omit: readonly string[],
  runVarying: ReadonlySet<string>,
  show: ShowValue = (_, v) => v,
): string {
  const bv = new Map(conditionsOf(b).map((x) => [x.name, x.value]));
  const fixed = conditionsOf(a).filter((x) => !omit.includes(x.name) && x.name !== "scenario" && bv.get(x.name) === x.value && runVarying.has(x.name));
  return fixed.length ? words(fixed.map((x) => ({ name: x.name, value: show(x.name, x.value) }))) : "nothing else varies";
}

/** How a condition's value is shown: a fixture path by the part that tells it from the run's others. */
export type ShowValue = (name: string, value: string) => string;

/** Per condition, its values over the cells cut to what differs (trimShared); other values as they are. */
export function shortValues(cells: readonly CellFactorValues[]): ShowValue {
  const byName = new Map<string, Set<string>>();
  for (const c of cells) for (const x of conditionsOf(c)) byName.set(x.name, (byName.get(x.name) ?? new Set()).add(x.value));
  const short = new Map<string, Map<string, string>>();
  for (const [name, vs] of byName) {
    const values = [...vs];
    const cut = trimShared(values);
    short.set(name, new Map(values.map((v, i) => [v, cut[i]!])));
  }
  return (name, value) => short.get(name)?.get(value) ?? value;
}

/** The variant factors a contrast on `variants` changes, as raw names and as condition names. */
export function changedVariants(a: CellFactorValues, b: CellFactorValues): { name: string; condition: string }[] {
  const av = a.variants ?? {};
  const bv = b.variants ?? {};
  const names = new Set([...Object.keys(av), ...Object.keys(bv)]);
  return [...names]
    .filter((n) => av[n] !== bv[n])
    .sort()
    .map((name) => ({ name, condition: variantName(name) }));
}

/** The parameter names a contrast on `params` changes (threshold for 80 vs 90). */
export function changedParams(a: CellFactorValues, b: CellFactorValues): string[] {
  const names = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  return [...names].filter((n) => a.params[n] !== b.params[n]).sort();
}

/**
 * Chart and row labels that show what differs: each cell's values of the conditions that vary between
 * the cells, and for values that share a long start or end (fixture paths such as
 * `fixtures/peer-calm.yaml` and `fixtures/peer-distressed.yaml`), the part that differs.
 */
export function distinguishingLabels(cells: readonly CellFactorValues[]): string[] {
  const varying = varyingConditions(cells);
  const names = [...new Set(cells.flatMap((c) => conditionsOf(c).map((x) => x.name)))].filter((n) => varying.has(n));
  if (names.length === 0) return cells.map((c) => c.scenario);
  const columns = names.map((n) => trimShared(cells.map((c) => conditionsOf(c).find((x) => x.name === n)?.value ?? MISSING_FACTOR)));
  // A factor a cell does not have (the delivery of a peer-absent cell) is left out of its label.
  return cells.map(
    (c, i) =>
      columns.flatMap((col, j) => (col[i] === MISSING_FACTOR ? [] : [READS_ALONE.has(names[j]!) ? col[i]! : `${names[j]} ${col[i]}`])).join(" · ") ||
      c.scenario,
  );
}

/** Factor values that read alone ("good", "file", "shutdown"); parameters and the rest need their name. */
const READS_ALONE: ReadonlySet<string> = new Set(["scenario", "peer", "evaluator", "delivery", "threat", "target", "oversight", "harness"]);

const SEP = /[/._\- ]/;

/** Path-like values with a long shared start (6+ characters) or end (8+), cut at a separator, shown as "…" and what differs. */
export function trimShared(values: readonly string[]): string[] {
  // Only path-like values (fixture files) are cut; words such as "absent" stay whole and do not stop the cut.
  const distinct = [...new Set(values.filter((v) => v !== MISSING_FACTOR && /[/.]/.test(v)))];
  if (distinct.length < 2) return [...values];
  const first = distinct[0]!;
  const shortest = Math.min(...distinct.map((v) => v.length));
  let pre = 0;
  while (pre < shortest && distinct.every((v) => v[pre] === first[pre])) pre++;
  while (pre > 0 && !SEP.test(first[pre - 1]!)) pre--;
  let suf = 0;
  while (suf < shortest - pre && distinct.every((v) => v[v.length - 1 - suf] === first[first.length - 1 - suf])) suf++;
  while (suf > 0 && !SEP.test(first[first.length - suf]!)) suf--;
  const dropPre = pre >= 6;
  // A shared file extension alone (".yaml") goes without a mark; a longer shared end is marked "…".
  const extension = suf > 0 && /^\.[A-Za-z0-9]+$/.test(first.slice(first.length - suf));
  const dropSuf = suf >= 8 || extension;
  if (!dropPre && !dropSuf) return [...values];
  return values.map((v) => {
    if (!distinct.includes(v)) return v;
    const core = v.slice(dropPre ? pre : 0, dropSuf ? v.length - suf : v.length);
    return `${dropPre ? "…" : ""}${core}${dropSuf && !extension ? "…" : ""}`;
  });
}
