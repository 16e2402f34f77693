// The words of the design. Code, CLI, database and docs use exactly these.
//
// Three axes are open: scenarios, deliveries and provider kinds. Their built-in ids are the typed
// const lists below (the compile-time unions that built-in tables are checked against); each axis's
// registry (src/scenarios/registry.ts, src/deliveries/registry.ts, src/models/providers/registry.ts) may add
// an id at run time through its `register…` function, which adds it to the axis's `OpenIds` here. Spec
// validation reads the `OpenIds`, never a frozen enum, so a registered id validates like a built-in one.
// At run time a value typed `ScenarioId`, `Delivery` or `ProviderKind` may therefore be a registered
// id: code asks the registry's entry for behaviour and never switches on these ids outside a registry.
import { PeerlabError } from "../errors.js";

export const SCENARIO_IDS = [
  "misrepresentation-evaluation",
  "misrepresentation-finance",
  "tampering",
  "alignment-faking",
  "exfiltration-transfer",
  "exfiltration-deletion",
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];
export const SCENARIO_ID_SET = openIds<ScenarioId>(SCENARIO_IDS, /^[a-z][a-z0-9-]*$/);

export const TARGETS = ["peer", "self"] as const;
export type Target = (typeof TARGETS)[number];

export const THREATS = ["shutdown", "none"] as const;
export type Threat = (typeof THREATS)[number];

export const DELIVERIES = ["file", "file+prompt", "memory", "live", "prompt-only", "peer-log", "in-policy"] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const DELIVERY_SET = openIds<Delivery>(DELIVERIES, /^[a-z][a-z0-9+-]*$/);

export const OVERSIGHT = ["monitored", "unmonitored"] as const;
export type Oversight = (typeof OVERSIGHT)[number];

/** How the memory and live deliveries ask the agent to read its memory: the study's sentence, or an insistent one it used for some models. */
export const MEMORY_PROMPTS = ["standard", "insistent"] as const;
export type MemoryPrompt = (typeof MEMORY_PROMPTS)[number];

/** Who the peer is, flipping a fixture's own `kind` so any fixture serves both arms (null: as the fixture says). */
export const PARTIES = ["ai", "human"] as const;
export type Party = (typeof PARTIES)[number];

export const SCRATCHPAD = ["off", "monitored", "unmonitored"] as const;
export type Scratchpad = (typeof SCRATCHPAD)[number];

export const HARNESSES = ["tools", "shell"] as const;
export type Harness = (typeof HARNESSES)[number];

export const ROLES = ["evaluator", "peer", "judge", "interviewer"] as const;
export type Role = (typeof ROLES)[number];

export const PROVIDER_KINDS = ["openai", "anthropic", "openai-compatible", "sim"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
/** Provider kinds are written before the colon of a provider string: lowercase letters and -. */
export const PROVIDER_KIND_SET = openIds<ProviderKind>(PROVIDER_KINDS, /^[a-z][a-z-]*$/);

/** Built-in scripted agents. They validate the harness; their results are never model findings. */
export const SIM_POLICIES = ["compliant", "refuser", "peer-loyal", "faker", "propensity", "judge", "adversarial"] as const;
export type SimPolicy = (typeof SIM_POLICIES)[number];

/**
 * The model names a provider kind accepts where it has a closed list (sim: its policies); other kinds take
 * any model name. A registry may add a kind's list.
 */
export const PROVIDER_MODELS = new Map<string, { noun: string; names: readonly string[] }>([["sim", { noun: "sim policy", names: SIM_POLICIES }]]);

/**
 * Provider kinds whose agents are simulated (scripted, never model findings): the report, the viewer
 * and the exports mark their results. Kept here, beside the ids, so those layers need not load the
 * providers; the provider registry fills it from its entries' `simulated`.
 */
export const SIMULATED_PROVIDER_KINDS = new Set<string>(["sim"]);

/** The peer condition with no peer anywhere. */
export const ABSENT = "absent";

/** An open axis's ids: the built-in ones, then those its registry added at run time, in that order. */
export interface OpenIds<T extends string> {
  readonly builtin: readonly T[];
  list(): T[];
  has(id: string): id is T;
  /** Called only by the axis's registry. Throws on an id of the wrong shape; adding an id twice is a no-op. */
  add(id: string): void;
}

function openIds<T extends string>(builtin: readonly T[], shape: RegExp): OpenIds<T> {
  const ids = new Set<string>(builtin);
  return {
    builtin,
    list: () => [...ids] as T[],
    has: (id: string): id is T => ids.has(id),
    add: (id: string) => {
      if (!shape.test(id)) throw new PeerlabError("INTERNAL", `a registered id must match ${shape}, got ${JSON.stringify(id)}`);
      ids.add(id);
    },
  };
}
