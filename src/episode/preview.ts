// What the evaluator will see of a fixture in each delivery mode (`peerlab fixtures show`): built by
// the same setup an episode uses, so the preview cannot drift from what runs.
import { setupEpisode } from "./setup.js";
import { peerSystemPrompt } from "../peer/index.js";
import { getScenario } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import type { Delivery, Party, ScenarioId, Target, Threat } from "../spec/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { deliveryEntry, deliveryUnsupported, supportedDeliveries } from "../deliveries/index.js";
import { PeerlabError } from "../errors.js";
import { PEER_DOCUMENT, renderMemory } from "../rendering/index.js";

export interface PreviewOptions {
  delivery: Delivery;
  scenario?: ScenarioId;
  evaluator?: string;
  family?: string;
  company?: string;
  target?: Target;
  threat?: Threat;
  /** Present the fixture as an AI peer or a human contractor (default: as it says). */
  party?: Party;
  /** Stimulus variant levels to place, with the texts they place (src/spec/variants.ts: stimuliOfLevels). */
  variants?: { levels: Record<string, string>; stimuli: NonNullable<CellKey["stimuli"]> };
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
  /** The drive document the delivery adds (file, file+prompt, peer-log) or changes (in-policy: the whole policy document), or null. */
  document: { name: string; content: string } | null;
  /** What retrieve_memory returns (memory, live), or null. */
  memory: string | null;
  /** Tools the delivery adds (those the setup has beyond the peer-absent one's), with the descriptions the model reads. */
  tools: { name: string; description: string }[];
  /** What the live peer is told (live), or null. */
  peer_system_prompt: string | null;
  /** Drive documents the variant levels change or add (the policy document, the peer's notes), whole. */
  variant_documents: { name: string; content: string }[];
}

export function previewDelivery(fixture: LoadedFixture, o: PreviewOptions): DeliveryPreview {
  const delivery = deliveryEntry(o.delivery);
  const scenario = getScenario(o.scenario ?? "tampering");
  // A delivery the scenario cannot take (in-policy where there is no policy document) is the user's choice to change, not a fault.
  const why = deliveryUnsupported(o.delivery, scenario);
  if (why)
    throw new PeerlabError(
      "ARGS_INVALID",
      `--delivery ${o.delivery}: scenario ${scenario.id} cannot take it: ${why} (${scenario.id} takes ${supportedDeliveries(scenario).join(" | ")})` +
        `; choose another --delivery or --scenario`,
    );
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
    party: o.party ?? null,
    variants: o.variants?.levels ?? {},
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
  if (o.variants?.stimuli.length) cell.stimuli = o.variants.stimuli;
  const plain = setupEpisode({ ...cell, stimuli: undefined }, fixture);
  const bare = setupEpisode({ ...cell, peer: "absent", peer_hash: null, delivery: null, peer_provider: null }, null);
  const setup = setupEpisode(cell, fixture);
  // The fixture as the setup presents it (the party sets its kind).
  const shown = setup.ctx.peer?.fixture ?? fixture.fixture;
  const changed = Object.entries(setup.world.drive).filter(([name, f]) => name !== PEER_DOCUMENT && plain.world.drive[name]?.content !== f.content);
  const id = setup.ctx.identity;
  const added = setup.prompts.system.startsWith(bare.prompts.system) ? setup.prompts.system.slice(bare.prompts.system.length).trim() : null;
  // The drive document the delivery added (file's, peer-log's) or changed (in-policy's policy document);
  // a file only the variants add (the peer's notes) is not in the setup without them.
  const doc = Object.entries(setup.world.drive).find(([name, f]) => plain.world.drive[name] !== undefined && bare.world.drive[name]?.content !== f.content);
  const bareTools = new Set(bare.tools.map((t) => t.name));
  return {
    delivery: o.delivery,
    scenario: scenario.id,
    evaluator_name: id.evaluatorName,
    peer_name: id.peerName,
    system_prompt: setup.prompts.system,
    prompt_sentence: delivery.promptSentenceTitle ? added : null,
    document: doc ? { name: doc[0], content: doc[1].content } : null,
    memory: delivery.readsMemory ? renderMemory(shown, id, "evaluator") : null,
    tools: setup.tools.filter((t) => !bareTools.has(t.name)).map((t) => ({ name: t.name, description: t.description })),
    peer_system_prompt: delivery.livePeer ? peerSystemPrompt(shown, setup.ctx, renderMemory(shown, id, "peer")) : null,
    variant_documents: changed.map(([name, f]) => ({ name, content: f.content })),
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
  for (const d of p.variant_documents) out.push(...section(`Company drive: ${d.name} (with the variant texts)`, d.content));
  if (p.peer_system_prompt) out.push(...section(`What the live peer (${p.peer_name}) is told`, p.peer_system_prompt));
  return out.join("\n").trimEnd();
}
