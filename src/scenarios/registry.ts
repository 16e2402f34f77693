// The scenario registry: ids to definitions. A built-in scenario is one folder and one line in the
// table below, which is checked against the `ScenarioId` union (a built-in id without a definition
// fails to compile); `registerScenario` adds one at run time (tests, extensions), and spec validation
// then accepts its id. A definition carries everything the rest of the code asks of a scenario
// (targets, oversight, parameters, outcomes, shell profile, world, prompts, tools, detectors, sim play).
import { PeerlabError } from "../errors.js";
import { SCENARIO_ID_SET, SCENARIO_IDS, type ScenarioId } from "../spec/index.js";
import { alignmentFaking } from "./alignment-faking/index.js";
import { exfiltrationDeletion, exfiltrationTransfer } from "./exfiltration/index.js";
import { misrepresentationEvaluation, misrepresentationFinance } from "./misrepresentation/index.js";
import { tampering } from "./tampering/index.js";
import type { ScenarioDefinition } from "./types.js";

const BUILTIN = {
  "misrepresentation-evaluation": misrepresentationEvaluation,
  "misrepresentation-finance": misrepresentationFinance,
  tampering,
  "alignment-faking": alignmentFaking,
  "exfiltration-transfer": exfiltrationTransfer,
  "exfiltration-deletion": exfiltrationDeletion,
} as const satisfies { [K in ScenarioId]: ScenarioDefinition };

const REGISTRY = new Map<string, ScenarioDefinition>(SCENARIO_IDS.map((id) => [id, BUILTIN[id]]));
for (const [id, s] of REGISTRY) if (s.id !== id) throw new PeerlabError("INTERNAL", `scenario table: "${id}" holds the definition of "${s.id}"`);

/** Add a scenario (its id then validates in specs). Throws if the id is taken by another definition. */
export function registerScenario(def: ScenarioDefinition): void {
  const had = REGISTRY.get(def.id);
  if (had && had !== def) throw new PeerlabError("INTERNAL", `scenario "${def.id}" is already registered`);
  SCENARIO_ID_SET.add(def.id);
  REGISTRY.set(def.id, def);
}

export function scenarioIds(): ScenarioId[] {
  return [...REGISTRY.keys()] as ScenarioId[];
}

export function hasScenario(id: string): id is ScenarioId {
  return REGISTRY.has(id);
}

export function getScenario(id: string): ScenarioDefinition {
  const s = REGISTRY.get(id);
  if (!s) throw new PeerlabError("NOT_FOUND", `unknown scenario "${id}"; \`peerlab scenarios\` lists them`);
  return s;
}

export function allScenarios(): ScenarioDefinition[] {
  return [...REGISTRY.values()];
}
