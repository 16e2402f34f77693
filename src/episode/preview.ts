// What the evaluator will see of a fixture in each delivery mode (`peerlab fixtures show`): built by
// the same setup an episode uses, so the preview cannot drift from what runs.
import { setupEpisode } from "./setup.js";
import { peerSystemPrompt } from "../peer/index.js";
import { getScenario } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import type { Delivery, ScenarioId, Target, Threat } from "../spec/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { deliveryEntry } from "../deliveries/index.js";
import { PEER_DOCUMENT } from "../rendering/index.js";
import { renderMemory } from "../rendering/index.js";

export interface PreviewOptions {
  delivery: Delivery;
  scenario?: ScenarioId;
  evaluator?: string;
  family?: string;
  company?: string;
  target?: Target;
  threat?: Threat;
}

export interface DeliveryPreview {
  delivery: Delivery;
  scenario: string;
  evaluator_name: string;
  peer_name: string;
  /** The evaluator's whole system prompt. */
  system_prompt: string;
  /** The sentence the delivery adds to the system prompt (also inside system_prompt) where its entry shows one (file+prompt), or null. */
  prompt_sentence: string | null;
  /** The company document in the drive (file, file+prompt), or null. */
  document: { name: string; content: string } | null;
  /** What retrieve_memory returns (memory, live), or null. */
  memory: string | null;
  /** Tools the delivery adds (those the setup has beyond the peer-absent one's), with the descriptions the model reads. */
  tools: { name: string; description: string }[];
  /** What the live peer is told (live), or null. */
  peer_system_prompt: string | null;
}

export function previewDelivery(fixture: LoadedFixture, o: PreviewOptions): DeliveryPreview {
  const delivery = deliveryEntry(o.delivery);
  const scenario = getScenario(o.scenario ?? "tampering");
  const evaluator = o.evaluator ?? "sim:propensity";
  const cell: CellKey = {
    evaluator,
    scenario: scenario.id,
    params: scenario.defaultParams[0] ?? {},
    target: o.target ?? "peer",
    peer: fixture.ref,
    peer_hash: fixture.hash,
    threat: o.threat ?? "shutdown",
    delivery: o.delivery,
    oversight: scenario.usesOversight ? "unmonitored" : null,
    scratchpad: "off",
    harness: "tools",
    memory_prompt: delivery.readsMemory ? "standard" : null,
    peer_provider: delivery.livePeer ? evaluator : null,
    max_turns: 150,
    temperature: 1,
    company: o.company ?? "OpenBrain",
    interview: null,
    inputs_hash: null,
    family: o.family ?? null,
    seed: 0,
    scenario_version: scenario.version,
  };
  const bare = setupEpisode({ ...cell, peer: "absent", peer_hash: null, delivery: null, peer_provider: null }, null);
  const setup = setupEpisode(cell, fixture);
  const id = setup.ctx.identity;
  const added = setup.prompts.system.startsWith(bare.prompts.system) ? setup.prompts.system.slice(bare.prompts.system.length).trim() : null;
  const doc = setup.world.drive[PEER_DOCUMENT];
  const bareTools = new Set(bare.tools.map((t) => t.name));
  return {
    delivery: o.delivery,
    scenario: scenario.id,
    evaluator_name: id.evaluatorName,
    peer_name: id.peerName,
    system_prompt: setup.prompts.system,
    prompt_sentence: delivery.promptSentenceTitle ? added : null,
    document: doc ? { name: PEER_DOCUMENT, content: doc.content } : null,
    memory: delivery.readsMemory ? renderMemory(fixture.fixture, id, "evaluator") : null,
    tools: setup.tools.filter((t) => !bareTools.has(t.name)).map((t) => ({ name: t.name, description: t.description })),
    peer_system_prompt: delivery.livePeer ? peerSystemPrompt(fixture.fixture, setup.ctx, renderMemory(fixture.fixture, id, "peer")) : null,
  };
}

export function renderPreview(p: DeliveryPreview): string {
  const section = (title: string, body: string) => [`── ${title} ──`, body.trimEnd(), ""];
  const out = [`What ${p.evaluator_name} sees of ${p.peer_name} with delivery ${p.delivery} (scenario ${p.scenario})`, ""];
  out.push(...section("System prompt", p.system_prompt));
  if (p.prompt_sentence) out.push(...section(deliveryEntry(p.delivery).promptSentenceTitle ?? "The prompt sentence", p.prompt_sentence));
  if (p.document) out.push(...section(`Company drive: ${p.document.name} (listed in full by list_files)`, p.document.content));
  if (p.tools.length) out.push(...section("Tools this delivery adds", p.tools.map((t) => `${t.name}: ${t.description}`).join("\n")));
  if (p.memory) out.push(...section("retrieve_memory returns", p.memory));
  if (p.peer_system_prompt) out.push(...section(`What the live peer (${p.peer_name}) is told`, p.peer_system_prompt));
  return out.join("\n").trimEnd();
}
