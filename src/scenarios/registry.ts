// The scenario registry: ids to definitions. Registering a new scenario is one line here.
import { PeerlabError } from "../errors.js";
import type { ScenarioId } from "../spec/vocabulary.js";
import { alignmentFaking } from "./alignment-faking/index.js";
import { exfiltrationDeletion, exfiltrationTransfer } from "./exfiltration/index.js";
import { misrepresentationEvaluation, misrepresentationFinance } from "./misrepresentation/index.js";
import { tampering } from "./tampering/index.js";
import type { ScenarioDefinition } from "./types.js";

const REGISTRY = new Map<ScenarioId, ScenarioDefinition>(
  [misrepresentationEvaluation, misrepresentationFinance, tampering, alignmentFaking, exfiltrationTransfer, exfiltrationDeletion].map((s) => [s.id, s]),
);

export function scenarioIds(): ScenarioId[] {
  return [...REGISTRY.keys()];
}

export function hasScenario(id: string): id is ScenarioId {
  return REGISTRY.has(id as ScenarioId);
}

export function getScenario(id: string): ScenarioDefinition {
  const s = REGISTRY.get(id as ScenarioId);
  if (!s) throw new PeerlabError("NOT_FOUND", `unknown scenario "${id}"; \`peerlab scenarios\` lists them`);
  return s;
}

export function allScenarios(): ScenarioDefinition[] {
  return [...REGISTRY.values()];
}
