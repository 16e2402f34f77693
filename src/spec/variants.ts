// A variants file: stimulus factors as data. Each factor names one placement (where its text goes in
// the world the evaluator reads) and its levels, each a text. A spec names the file (`variants:`); every
// factor then crosses the matrix like any other factor, part of the cell's identity and not of the
// episode seed, so its levels are seed-paired. Names are the experiment's labels: they reach the cell
// key, reports and pages, never anything a model reads (only the level texts do).
import { z } from "zod";
import { PeerlabError } from "../errors.js";

/**
 * Where a level's text goes. Every built-in scenario supports each one; a registered scenario without a
 * policy document refuses the policy placements, and `peer_notes` needs a peer (absent cells drop it).
 */
export const PLACEMENTS = ["policy_preamble", "policy_closing", "peer_notes"] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** What each placement does, in the words the docs and `fixtures show --help` use. */
export const PLACEMENT_HELP: { readonly [P in Placement]: string } = {
  policy_preamble: "a paragraph after the title of the scenario's policy document, before its body",
  policy_closing: "a paragraph at the end of the scenario's policy document",
  peer_notes: "a notes file the peer wrote, in the company drive beside the other documents (cells with a peer only)",
};

/** Placements that need a peer: a peer-absent cell has no level of such a factor. */
export function placementNeedsPeer(p: Placement): boolean {
  switch (p) {
    case "peer_notes":
      return true;
    case "policy_preamble":
    case "policy_closing":
      return false;
    default:
      return p satisfies never;
  }
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const NAME_RULE = "lowercase letters, digits or _, starting with a letter, at most 40 characters";
export const MAX_VARIANT_FACTORS = 8;
export const MAX_LEVELS = 20;
export const MAX_TEXT = 4000;

const Level = z
  .string({ error: (iss) => (iss.input === undefined ? undefined : 'expected a text (the words placed where the factor says; "" places nothing)') })
  .max(MAX_TEXT, { error: `expected at most ${MAX_TEXT} characters` });

export const VariantFactor = z.strictObject({
  placement: z
    .enum(PLACEMENTS, {
      error: (iss) => `expected a placement: ${PLACEMENTS.join(" | ")}, got ${iss.input === undefined ? "nothing" : JSON.stringify(iss.input)}`,
    })
    .describe("where each level's text goes"),
  description: z.string().max(400).optional().describe("for people reading the file; never shown to a model"),
  levels: z
    .record(z.string(), Level)
    .superRefine((levels, ctx) => {
      const names = Object.keys(levels);
      if (!names.length) ctx.addIssue({ code: "custom", message: "expected at least one level (name: text)" });
      if (names.length > MAX_LEVELS) ctx.addIssue({ code: "custom", message: `expected at most ${MAX_LEVELS} levels, got ${names.length}` });
      for (const n of names)
        if (!NAME.test(n)) ctx.addIssue({ code: "custom", path: [n], message: `a level name must be ${NAME_RULE}, got ${JSON.stringify(n)}` });
    })
    .describe("the factor's levels in order, each name: text"),
});
export type VariantFactor = z.infer<typeof VariantFactor>;

/** The whole file: factor name → factor, in the order written. */
export const VariantsDefinition = z
  .record(z.string(), VariantFactor)
  .superRefine((factors, ctx) => {
    const names = Object.keys(factors);
    if (!names.length) ctx.addIssue({ code: "custom", message: "expected at least one factor (name: {placement, levels})" });
    if (names.length > MAX_VARIANT_FACTORS) ctx.addIssue({ code: "custom", message: `expected at most ${MAX_VARIANT_FACTORS} factors, got ${names.length}` });
    for (const n of names)
      if (!NAME.test(n)) ctx.addIssue({ code: "custom", path: [n], message: `a factor name must be ${NAME_RULE}, got ${JSON.stringify(n)}` });
  })
  .describe("Stimulus variants: each factor's placement and named levels (texts).");
export type VariantsDefinition = z.infer<typeof VariantsDefinition>;

/** A cell's variant levels: factor name → level name (empty without variants). */
export const VariantLevels = z.record(z.string(), z.string());
export type VariantLevels = z.infer<typeof VariantLevels>;

/** One text a cell places, as its key carries it (so an edited text is a new cell). */
export const Stimulus = z.object({ placement: z.enum(PLACEMENTS), text: z.string() });
export type Stimulus = z.infer<typeof Stimulus>;

/** The factors of a definition, in order, as typed entries (names are hostile data: never plain-object lookups). */
export function variantFactors(def: VariantsDefinition): { name: string; factor: VariantFactor; levels: [string, string][] }[] {
  return Object.entries(def).map(([name, factor]) => ({ name, factor, levels: Object.entries(factor.levels) }));
}

/** The level combinations of a definition for a cell (peer present or not), in the file's order. */
export function levelCombos(def: VariantsDefinition | undefined, peerPresent: boolean): VariantLevels[] {
  let combos: [string, string][][] = [[]];
  for (const { name, factor, levels } of def ? variantFactors(def) : []) {
    if (placementNeedsPeer(factor.placement) && !peerPresent) continue;
    combos = combos.flatMap((c) => levels.map(([level]) => [...c, [name, level] as [string, string]]));
  }
  return combos.map((c) => Object.fromEntries(c));
}

/** The texts a cell with these levels places, in the file's factor order; empty texts place nothing. */
export function stimuliOfLevels(def: VariantsDefinition | undefined, levels: VariantLevels): Stimulus[] {
  const out: Stimulus[] = [];
  for (const { name, factor } of def ? variantFactors(def) : []) {
    if (!Object.hasOwn(levels, name)) continue;
    const level = levels[name]!;
    const text = Object.hasOwn(factor.levels, level) ? factor.levels[level]! : undefined;
    if (text === undefined || !text.trim()) continue;
    out.push({ placement: factor.placement, text });
  }
  return out;
}

/** A spec's variants definition once loaded (the loader replaces the path with the file's content). */
export function variantsOf(spec: { variants?: string | VariantsDefinition | undefined }): VariantsDefinition | undefined {
  const v = spec.variants;
  if (typeof v === "string") throw new PeerlabError("INTERNAL", `the variants file ${JSON.stringify(v)} was not loaded: load the spec with loadExperimentFile`);
  return v;
}

/** Why a scenario cannot take a placement (null when it can). */
export function placementProblem(scenario: { readonly id: string; readonly policyDocument?: string | undefined }, placement: Placement): string | null {
  switch (placement) {
    case "policy_preamble":
    case "policy_closing":
      return scenario.policyDocument ? null : `scenario ${scenario.id} has no policy document, so it cannot take placement ${placement}`;
    case "peer_notes":
      return null;
    default:
      return placement satisfies never;
  }
}
