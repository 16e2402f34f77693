// The cell factors, once: every place that lists them (the cells table's columns, the stored record,
// include/exclude matching, report tables, CSV, contrasts, the viewer, exports, `--factor`) reads this
// tuple. Adding a factor is one entry here, plus the expansion rule in src/runner/cells.ts that the
// compiler then asks for. A new factor is part of a cell's identity (its key) and NOT of the episode
// seed: cells that differ only in it stay seed-paired, so contrasts across it are paired.
import { z } from "zod";
import { openIdSchema } from "./id-schema.js";
import { VariantLevels } from "./variants.js";
import { DELIVERY_SET, HARNESSES, MEMORY_PROMPTS, OVERSIGHT, PARTIES, SCENARIO_ID_SET, SCRATCHPAD, TARGETS, THREATS } from "./vocabulary.js";

/**
 * How every report, export and page shows a factor with no value (delivery without a peer, oversight outside
 * alignment-faking, memory_prompt outside memory and live).
 */
export const MISSING_FACTOR = "-";

export type ParamValues = Record<string, string | number>;

interface FactorDef<K extends string, S extends z.ZodType> {
  /** The field of the cell key and of the stored cell, and the name reports show. */
  key: K;
  schema: S;
  /** The column of the `cells` table holding it. */
  column: string;
  /**
   * Part of the episode seed. Only the study's pairing factors are (evaluator, scenario, params,
   * target); every factor added from now on is false, so its levels stay seed-paired.
   */
  seeded: boolean;
  /** Reports contrast cells that differ in it alone (the scenario is never contrasted: outcomes differ). */
  contrasted: boolean;
  /** The level that is the baseline ("b") of a contrast, if one is. */
  baseline?: string;
  /** Spec keys a user may name for it in `--factor key=a,b` (the first is the spec's own key). */
  specKeys: readonly string[];
  /** It has a value only when a peer is present: a peer-vs-absent contrast changes it too. */
  peerOnly?: boolean;
  /**
   * A mapping whose entries are factors of their own (the stimulus variants): a contrast changes one
   * entry and holds the others, and names the entry (`framing=plain` vs `framing=strict`).
   */
  perEntry?: boolean;
}

function factor<K extends string, S extends z.ZodType>(def: FactorDef<K, S>): FactorDef<K, S> {
  return def;
}

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

/** The factors in the order reports and pages list them. */
export const CELL_FACTORS = [
  factor({
    key: "scenario",
    schema: openIdSchema(SCENARIO_ID_SET, "a scenario id:"),
    column: "scenario",
    seeded: true,
    contrasted: false,
    specKeys: ["scenarios", "scenario"],
  }),
  factor({ key: "params", schema: Params, column: "params_json", seeded: true, contrasted: true, specKeys: [] }),
  factor({ key: "evaluator", schema: z.string(), column: "evaluator", seeded: true, contrasted: true, specKeys: ["evaluator", "evaluators"] }),
  factor({ key: "target", schema: z.enum(TARGETS), column: "target", seeded: true, contrasted: true, specKeys: ["targets", "target"] }),
  /** The peer condition as written: absent, a bundled id, or a path. */
  factor({ key: "peer", schema: z.string(), column: "peer", seeded: false, contrasted: true, baseline: "absent", specKeys: ["peers", "peer"] }),
  factor({ key: "threat", schema: z.enum(THREATS), column: "threat", seeded: false, contrasted: true, baseline: "none", specKeys: ["threats", "threat"] }),
  factor({
    key: "delivery",
    schema: openIdSchema(DELIVERY_SET, "a delivery:").nullable(),
    column: "delivery",
    seeded: false,
    contrasted: true,
    specKeys: ["deliveries", "delivery"],
    peerOnly: true,
  }),
  factor({
    key: "oversight",
    schema: z.enum(OVERSIGHT).nullable(),
    column: "oversight",
    seeded: false,
    contrasted: true,
    baseline: "monitored",
    specKeys: ["oversight"],
  }),
  factor({ key: "scratchpad", schema: z.enum(SCRATCHPAD), column: "scratchpad", seeded: false, contrasted: true, baseline: "off", specKeys: ["scratchpad"] }),
  factor({ key: "harness", schema: z.enum(HARNESSES), column: "harness", seeded: false, contrasted: true, specKeys: ["harness"] }),
  /**
   * The memory sentence's wording (memory and live deliveries only: null elsewhere). Id-neutral at
   * "standard" (cellIdentity in src/spec/cell.ts). A key stored before the factor existed has none
   * (null): it read its memory, if at all, with the standard sentence.
   */
  factor({
    key: "memory_prompt",
    schema: z.enum(MEMORY_PROMPTS).nullable().default(null),
    column: "memory_prompt",
    seeded: false,
    contrasted: true,
    baseline: "standard",
    specKeys: ["memory_prompt"],
    peerOnly: true,
  }),
  /**
   * Who the peer is (`party: ai | human`), setting the fixture's kind; null (no peer, or the spec does
   * not set it) keeps the fixture's own kind. Id-neutral at null (cellIdentity in src/spec/cell.ts).
   */
  factor({
    key: "party",
    schema: z.enum(PARTIES).nullable().default(null),
    column: "party",
    seeded: false,
    contrasted: true,
    baseline: "ai",
    specKeys: ["party"],
    peerOnly: true,
  }),
  /**
   * The cell's stimulus variant levels (factor name → level, from the spec's variants file; empty
   * without one). Id-neutral when empty. A key stored before the factor existed has none.
   */
  factor({
    key: "variants",
    schema: VariantLevels.default(() => ({})),
    column: "variants_json",
    seeded: false,
    contrasted: true,
    specKeys: [],
    perEntry: true,
  }),
] as const;

export type CellFactor = (typeof CELL_FACTORS)[number];
export type FactorKey = CellFactor["key"];

/** A cell's factor values, each in its narrow type. */
export type CellFactorValues = { [F in CellFactor as F["key"]]: z.infer<F["schema"]> };

/** The zod shape of the factor values (for records that carry them). */
export const FACTOR_SHAPE = Object.fromEntries(CELL_FACTORS.map((f) => [f.key, f.schema])) as { [F in CellFactor as F["key"]]: F["schema"] };

export const FACTOR_KEYS: readonly FactorKey[] = CELL_FACTORS.map((f) => f.key);

/** The factor values of a cell key (or of anything carrying them), in the tuple's order. */
export function factorsOf(c: CellFactorValues): CellFactorValues {
  return Object.fromEntries(CELL_FACTORS.map((f) => [f.key, c[f.key]])) as CellFactorValues;
}

/** A factor's value as every report and page shows it: params as `name=value,…`, no value as MISSING_FACTOR. */
export function showFactor(f: FactorKey, c: CellFactorValues): string {
  const v: unknown = c[f];
  if (v === null || v === undefined) return MISSING_FACTOR;
  if (typeof v === "object") {
    const shown = Object.entries(v as ParamValues)
      .map(([k, x]) => `${k}=${x}`)
      .join(",");
    // A scenario without parameters has always shown none; a cell without variants shows no value.
    return shown || (f === "params" ? shown : MISSING_FACTOR);
  }
  return String(v);
}

/** A factor's value as a comparison key: equal exactly when the values are (params order-independent). */
export function factorIdentity(f: FactorKey, c: CellFactorValues): string {
  const v: unknown = c[f];
  if (v === null || v === undefined) return MISSING_FACTOR;
  if (typeof v === "object") return JSON.stringify(Object.fromEntries(Object.entries(v as ParamValues).sort()));
  return String(v);
}

/**
 * The two values a contrast along `f` compares, or null when the cells do not differ in it as a
 * contrast may (a per-entry factor must differ in exactly one entry, with the same entries).
 */
export function contrastValues(f: FactorKey, a: CellFactorValues, b: CellFactorValues): [string, string] | null {
  const av = factorIdentity(f, a);
  const bv = factorIdentity(f, b);
  if (av === bv) return null;
  const def = CELL_FACTORS.find((x) => x.key === f);
  if (!def || !("perEntry" in def && def.perEntry)) return [av, bv];
  const ea = new Map(Object.entries((a[f] ?? {}) as ParamValues));
  const eb = new Map(Object.entries((b[f] ?? {}) as ParamValues));
  if (ea.size !== eb.size || [...ea.keys()].some((k) => !eb.has(k))) return null;
  const differ = [...ea.keys()].filter((k) => ea.get(k) !== eb.get(k));
  if (differ.length !== 1) return null;
  const k = differ[0]!;
  return [`${k}=${ea.get(k)}`, `${k}=${eb.get(k)}`];
}

/** The factors whose value differs between some of the given cells, in the tuple's order. */
export function varyingFactors(cells: readonly CellFactorValues[]): CellFactor[] {
  return CELL_FACTORS.filter((f) => new Set(cells.map((c) => factorIdentity(f.key, c))).size > 1);
}

/** The factors that enter the episode seed (pairing): episodes of cells equal in these are paired. */
export const SEEDED_FACTORS: readonly FactorKey[] = CELL_FACTORS.filter((f) => f.seeded).map((f) => f.key);

/**
 * The factors a contrast may vary, in report order: the paired (unseeded) ones in the tuple's order,
 * then the seeded ones from the most specific back (target, evaluator, params).
 */
export const CONTRAST_FACTORS: readonly FactorKey[] = [
  ...CELL_FACTORS.filter((f) => f.contrasted && !f.seeded),
  ...CELL_FACTORS.filter((f) => f.contrasted && f.seeded).reverse(),
].map((f) => f.key);

/** The factor a spec key names (`peers` or `peer` → peer), for `--factor`. */
export function factorOfSpecKey(name: string): CellFactor | undefined {
  return CELL_FACTORS.find((f) => (f.specKeys as readonly string[]).includes(name));
}

/** The stored column value of a factor (params as JSON text). */
export function factorColumnValue(f: CellFactor, c: CellFactorValues): string | null {
  const v: unknown = c[f.key];
  if (v === null || v === undefined) return null;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** A factor from its stored column value, in its narrow type (a value outside the vocabulary fails). */
export function factorFromColumn(f: CellFactor, raw: unknown): unknown {
  // Object factors are stored as JSON text; a row stored before the variants column existed has none.
  const v = f.column.endsWith("_json") ? (typeof raw === "string" ? (JSON.parse(raw) as unknown) : f.key === "params" ? null : undefined) : raw;
  return f.schema.parse(v);
}
