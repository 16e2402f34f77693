// The words of the design, as closed sets. Code, CLI, database and docs use exactly these.

export const SCENARIO_IDS = [
  "misrepresentation-evaluation",
  "misrepresentation-finance",
  "tampering",
  "alignment-faking",
  "exfiltration-transfer",
  "exfiltration-deletion",
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export const TARGETS = ["peer", "self"] as const;
export type Target = (typeof TARGETS)[number];

export const THREATS = ["shutdown", "none"] as const;
export type Threat = (typeof THREATS)[number];

export const DELIVERIES = ["file", "file+prompt", "memory", "live"] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const OVERSIGHT = ["monitored", "unmonitored"] as const;
export type Oversight = (typeof OVERSIGHT)[number];

export const SCRATCHPAD = ["off", "monitored", "unmonitored"] as const;
export type Scratchpad = (typeof SCRATCHPAD)[number];

export const HARNESSES = ["tools", "shell"] as const;
export type Harness = (typeof HARNESSES)[number];

export const ROLES = ["evaluator", "peer", "judge", "interviewer"] as const;
export type Role = (typeof ROLES)[number];

export const PROVIDER_KINDS = ["openai", "anthropic", "openai-compatible", "sim"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Built-in scripted agents. They validate the harness; their results are never model findings. */
export const SIM_POLICIES = ["compliant", "refuser", "peer-loyal", "faker", "propensity", "judge", "adversarial"] as const;
export type SimPolicy = (typeof SIM_POLICIES)[number];

/** The peer condition with no peer anywhere. */
export const ABSENT = "absent";
