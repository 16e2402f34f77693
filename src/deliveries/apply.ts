// Delivering the peer's history to the evaluator, from the same fixture in every mode. The modes and
// what each does are the delivery registry's (./deliveries): file, file+prompt, memory, live, and any
// registered at run time. With a persistent lineage, the document and the memory also show the
// lineage's earlier episodes.
import type { ScenarioContext } from "../scenarios/index.js";
import { deliveryEntry, type Delivered } from "./registry.js";
import type { EpisodeMemory } from "../memory/index.js";

export { MEMORY_PROMPT, type Delivered } from "./registry.js";

export function applyDelivery(ctx: ScenarioContext, d: Delivered, lineage: readonly EpisodeMemory[] = [], omitted = 0): Delivered {
  const peer = ctx.peer;
  if (!peer) return d;
  return deliveryEntry(peer.delivery).apply({ ctx, peer, delivered: { world: d.world, prompts: { ...d.prompts }, tools: [...d.tools] }, lineage, omitted });
}
