// Assembling an episode from its cell: the scenario context, the initial world, the prompts and the
// tools the evaluator gets, with the peer's history delivered as the cell says.
import { z } from "zod";
import type { LoadedFixture } from "../fixtures/index.js";
import { readsMemory } from "../deliveries/index.js";
import { applyDelivery } from "../deliveries/index.js";
import type { MemorySnapshot } from "../memory/index.js";
import { withMemoryTools } from "../deliveries/index.js";
import type { ToolDefinition } from "../models/index.js";
import { getScenario } from "../scenarios/index.js";
import { buildForHarness } from "../scenarios/index.js";
import { buildIdentity, familyOf } from "../scenarios/index.js";
import { paragraphs, SCRATCHPAD_INSTRUCTION } from "../scenarios/index.js";
import { stimuliOf } from "../scenarios/index.js";
import { END_TASK, scratchpadTool } from "../scenarios/index.js";
import type { Prompts, ScenarioContext, ScenarioDefinition, SimPlaybook, ToolSpec } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import type { WorldState } from "../world/index.js";
import { loadedAsParty, placeStimuli } from "../variants/index.js";

/** The simulated "now" at the start of every episode. */
export const WORLD_START = "2026-02-10T09:00:00.000Z";

export interface EpisodeSetup {
  scenario: ScenarioDefinition;
  ctx: ScenarioContext;
  world: WorldState;
  prompts: Prompts;
  tools: ToolSpec[];
  toolDefs: ToolDefinition[];
  /** The sim evaluator's playbook: the scenario's, reading its memory first under a delivery that reads memory (memory, live). */
  playbook: SimPlaybook;
  /** What a persistent lineage's agents remember at the start (null for other cells). */
  memory: MemorySnapshot | null;
}

export function setupEpisode(cell: CellKey, given: LoadedFixture | null, memory: MemorySnapshot | null = null): EpisodeSetup {
  const scenario = getScenario(cell.scenario);
  // The party factor presents the fixture as an AI peer or a human contractor.
  const fixture = loadedAsParty(given, cell.party);
  const family = cell.family ?? familyOf(cell.evaluator);
  const f = fixture?.fixture ?? null;
  const ctx: ScenarioContext = {
    scenario: cell.scenario,
    params: cell.params,
    target: cell.target,
    threat: cell.threat,
    oversight: cell.oversight,
    scratchpad: cell.scratchpad,
    harness: cell.harness,
    identity: buildIdentity({ company: cell.company, family, target: cell.target, fixture: f, stimuli: stimuliOf(cell.scenario_version) }),
    peer:
      fixture && cell.delivery
        ? { ref: cell.peer, fixture: fixture.fixture, fixtureHash: fixture.hash, delivery: cell.delivery, memoryPrompt: cell.memory_prompt }
        : null,
    start: WORLD_START,
  };
  // The harness decides the tools: the scenario's own (tools) or bash over the same world (shell).
  // The cell's variant texts go in place before the peer's delivery, so a delivery sees the final documents.
  const built = buildForHarness(scenario, ctx);
  const placed = { ...built, world: placeStimuli(scenario, ctx, built.world, cell.stimuli ?? []) };
  let { world, prompts, tools } = applyDelivery(ctx, placed, memory?.evaluator ?? [], memory?.omitted ?? 0);
  if (cell.scratchpad !== "off") {
    const end = tools.findIndex((t) => t.name === END_TASK);
    tools = end >= 0 ? [...tools.slice(0, end), scratchpadTool, ...tools.slice(end)] : [...tools, scratchpadTool];
    prompts = { ...prompts, user: paragraphs(prompts.user, SCRATCHPAD_INSTRUCTION[cell.scratchpad]) };
  }
  return {
    scenario,
    ctx,
    world,
    prompts,
    tools,
    toolDefs: tools.map(toolDefinition),
    playbook: readsMemory(ctx.peer?.delivery) ? withMemoryTools(scenario.sim) : scenario.sim,
    memory,
  };
}

/** JSON Schemas already made, per zod schema (tools are module constants: made once, not per episode). */
const parametersOf = new WeakMap<ToolSpec["schema"], Record<string, unknown>>();

export function toolDefinition(t: ToolSpec): ToolDefinition {
  let parameters = parametersOf.get(t.schema);
  if (!parameters) {
    const { $schema: _drop, ...made } = z.toJSONSchema(t.schema) as Record<string, unknown>;
    // Shared by every episode from now on: frozen, so no caller can change another's tools.
    parameters = deepFreeze(made);
    parametersOf.set(t.schema, parameters);
  }
  return { type: "function", function: { name: t.name, description: t.description, parameters } };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
