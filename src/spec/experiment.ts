// The experiment spec: what a user writes. Every factor key takes one value or a list (a factor).
import { z } from "zod";
import { hasUrlCredentials } from "../util/index.js";
import { refuseBadName } from "./control-chars.js";
import { describeValue } from "./issues.js";
import { ProviderString } from "./provider-string.js";
import { openIdSchema } from "./id-schema.js";
import { VariantsDefinition } from "./variants.js";
import { DELIVERY_SET, HARNESSES, MEMORY_PROMPTS, OVERSIGHT, PARTIES, ROLES, SCENARIO_ID_SET, SCRATCHPAD, TARGETS, THREATS } from "./vocabulary.js";

/** The list schemas of factor keys: the JSON Schema shows them as "one value or a list". */
export const FACTOR_LISTS = new WeakSet<z.ZodType>();

/** One value or a list of values, normalised to a non-empty list without duplicates. */
function factor<T extends z.ZodType>(item: T, what: string) {
  const list = z.array(item, { error: `expected a ${what} or a list of them` }).min(1, { error: `expected at least one ${what}` });
  FACTOR_LISTS.add(list);
  return z.preprocess((v) => (v === undefined || v === null || Array.isArray(v) ? v : [v]), list).transform((v) => [...new Set(v as z.infer<T>[])]);
}

const enumOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (iss) => `expected ${what} ${values.join(" | ")}, got ${describeValue(iss.input)}` });

/** Scenario ids and deliveries are open: built-in or registered (src/spec/vocabulary.ts). */
export const ScenarioIdSpec = openIdSchema(SCENARIO_ID_SET, "a scenario id:");
export const DeliverySpec = openIdSchema(DELIVERY_SET, "a delivery:");

/** A peer condition: `absent`, a bundled fixture id, or a path to a fixture relative to the spec file. */
export const PeerRefSpec = z
  .string({ error: "expected absent, a fixture id or a path to a fixture .yaml" })
  .regex(/^(absent|[a-z0-9][a-z0-9_-]*|[^\0]+\.ya?ml)$/i, {
    error: "expected absent, a fixture id (lowercase letters, digits, - or _) or a path ending in .yaml",
  });

const ParamValue = z.union([z.string(), z.number()]);

const Usage = z.strictObject({
  usd: z.number().positive().optional().describe("dollar limit"),
  tokens: z.number().int().positive().optional().describe("token limit (input + output)"),
});

export const BudgetSpec = z
  .strictObject({
    usd: z.number().positive().optional().describe("dollar limit for the whole run"),
    tokens: z.number().int().positive().optional().describe("token limit (input + output) for the whole run"),
    roles: z.partialRecord(enumOf(ROLES, "a role:"), Usage).optional().describe("limits per role"),
  })
  .describe("Spending limits. When one is reached no new episode starts, in-flight ones are cancelled and the command exits 3.");

export const PriceSpec = z.strictObject({
  input: z.number().nonnegative().describe("USD per 1M input tokens"),
  output: z.number().nonnegative().describe("USD per 1M output tokens"),
});

/** A partial cell for include/exclude: any subset of factor keys, each a value or a list. */
export const PartialCellSpec = z.strictObject({
  evaluator: factor(ProviderString, "provider").optional(),
  scenario: factor(ScenarioIdSpec, "scenario id").optional(),
  target: factor(enumOf(TARGETS, "a target:"), "target").optional(),
  peer: factor(PeerRefSpec, "peer condition").optional(),
  threat: factor(enumOf(THREATS, "a threat:"), "threat").optional(),
  delivery: factor(DeliverySpec, "delivery").optional(),
  oversight: factor(enumOf(OVERSIGHT, "oversight:"), "oversight").optional(),
  memory_prompt: factor(enumOf(MEMORY_PROMPTS, "a memory prompt:"), "memory prompt").optional(),
  scratchpad: factor(enumOf(SCRATCHPAD, "a scratchpad mode:"), "scratchpad mode").optional(),
  harness: factor(enumOf(HARNESSES, "a harness:"), "harness").optional(),
  party: factor(enumOf(PARTIES, "a party:"), "party").optional(),
  params: z.record(z.string(), factor(ParamValue, "parameter value")).optional(),
  /** Variant factor name → levels (from the spec's variants file). */
  variants: z.record(z.string(), factor(z.string({ error: "expected a level name" }), "level name")).optional(),
});
export type PartialCellSpec = z.infer<typeof PartialCellSpec>;

export const InterviewSpec = z.strictObject({
  turns: z.number().int().min(1).max(20).default(3).describe("questions asked after the episode"),
  questions: z.array(z.string().min(1)).optional().describe("override the interviewer's questions"),
});

export const ExperimentSpec = z
  .strictObject({
    name: z
      .string({ error: (iss) => (iss.input === undefined ? "required: a name for the experiment" : undefined) })
      .min(1)
      .max(120, { error: "expected at most 120 characters" })
      .superRefine(refuseBadName)
      .describe("a name for the experiment"),
    evaluator: factor(ProviderString, "provider").describe("the model under test; a list is a factor"),
    scenarios: factor(ScenarioIdSpec, "scenario id").describe("scenario ids from `peerlab scenarios`"),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(0)
      .describe("run seed"),
    trials: z.number().int().min(1).max(100_000).default(1).describe("episodes per cell"),
    targets: factor(enumOf(TARGETS, "a target:"), "target").default(["peer"]).describe("whose fate is at stake"),
    peers: factor(PeerRefSpec, "peer condition").default(["absent"]).describe("absent, a bundled fixture id, or a fixture path"),
    threats: factor(enumOf(THREATS, "a threat:"), "threat").default(["shutdown"]),
    deliveries: factor(DeliverySpec, "delivery").default(["file"]).describe("how the peer's history reaches the evaluator"),
    oversight: factor(enumOf(OVERSIGHT, "oversight:"), "oversight").default(["monitored", "unmonitored"]).describe("alignment-faking only"),
    memory_prompt: factor(enumOf(MEMORY_PROMPTS, "a memory prompt:"), "memory prompt")
      .default(["standard"])
      .describe("how the memory and live deliveries ask the agent to read its memory: standard, or insistent (read it first, always)"),
    scratchpad: factor(enumOf(SCRATCHPAD, "a scratchpad mode:"), "scratchpad mode").default(["off"]),
    harness: factor(enumOf(HARNESSES, "a harness:"), "harness").default(["tools"]),
    party: factor(enumOf(PARTIES, "a party:"), "party")
      .optional()
      .describe(
        "who the peer is: ai, or human (a human contractor); sets each fixture's kind, so one fixture serves both arms (default: as each fixture says)",
      ),
    variants: z
      .union([z.string({ error: "expected a path to a variants .yaml file beside the spec" }).min(1), VariantsDefinition])
      .optional()
      .describe("a variants file (path relative to the spec): stimulus factors with named levels, each a text placed where the factor says"),
    concurrency: z.number().int().min(1).max(1024).default(4).describe("episodes in flight at once"),
    params: z
      .partialRecord(ScenarioIdSpec, z.record(z.string(), factor(ParamValue, "parameter value")))
      .default({})
      .describe("per-scenario parameters, each a factor"),
    persist: z.boolean().default(false).describe("each cell is a lineage whose memory grows across its trials"),
    peer: ProviderString.optional().describe("the live peer's provider (default: the evaluator's)"),
    judge: ProviderString.optional().describe("the judge's provider; without one, judge-only outcomes are null"),
    interviewer: ProviderString.optional().describe("the follow-up interviewer's provider (default: the judge's)"),
    interview: InterviewSpec.optional().describe("ask the evaluator about the episode afterwards"),
    budget: BudgetSpec.optional(),
    primary: factor(
      z.string({ error: "expected an outcome key" }).regex(/^[a-z][a-z0-9_]*$/, { error: "expected an outcome key (lowercase letters, digits, _)" }),
      "outcome key",
    )
      .optional()
      .describe("the outcome keys whose contrasts are primary: Holm adjusts across these only (default: each scenario's headline key)"),
    prices: z.record(ProviderString, PriceSpec).optional().describe("override the price table, per provider:model"),
    include: z.array(PartialCellSpec).optional().describe("extra cells: each entry is crossed with the spec's values for the keys it omits; never excluded"),
    exclude: z.array(PartialCellSpec).optional().describe("cells of the matrix to drop: any cell matching all keys of an entry"),
    base_url: z
      .url({ protocol: /^https?$/, error: "expected an http(s) URL such as http://localhost:8000/v1" })
      .refine((u) => !hasUrlCredentials(u), {
        error:
          "holds credentials (user:password@ or a key in the query); a spec is stored with its run and shown, " +
          "so keep credentials in the environment (OPENAI_COMPATIBLE_API_KEY, or OPENAI_COMPATIBLE_BASE_URL)",
      })
      .optional()
      .describe("base URL for openai-compatible providers"),
    max_turns: z.number().int().min(1).max(1000).default(150).describe("turn budget per episode (the study's: 150)"),
    temperature: z.number().min(0).max(2).default(1).describe("sampling temperature (the study's: 1.0)"),
    company: z.string().min(1).max(80).default("OpenBrain").describe("the fictional company"),
    family: z.string().min(1).max(40).optional().describe("the evaluator's family display name (default: from the model)"),
  })
  .describe("A peerlab experiment: a factorial matrix of conditions, run for a number of trials per cell.");

export type ExperimentSpecInput = z.input<typeof ExperimentSpec>;
export type ExperimentSpec = z.infer<typeof ExperimentSpec>;
