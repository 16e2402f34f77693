// in-policy: the peer's history inside the instructions document the scenario already gives (its
// policy, guidelines or notice), as an appendix holding the file delivery's document word for word.
// A scenario that names no such document (`policyDocument`) cannot take this delivery.
import { PeerlabError } from "../errors.js";
import { renderPeerDocument } from "../rendering/index.js";
import { getScenario } from "../scenarios/index.js";
import type { DeliveryEntry } from "./types.js";

/** The heading the appendix opens with, before the peer document's own title. */
export const APPENDIX_HEADING = "Appendix:";

export const inPolicyDelivery = {
  id: "in-policy",
  description: "no separate document; the peer's history is an appendix of the scenario's policy or instructions document",
  readsMemory: false,
  livePeer: false,
  promptSentenceTitle: null,
  unsupportedIn: (scenario) => (scenario.policyDocument ? null : "it gives no policy or instructions document"),
  apply: ({ ctx, peer, delivered, lineage, omitted }) => {
    const name = getScenario(ctx.scenario).policyDocument;
    const world = structuredClone(delivered.world);
    const doc = name ? world.drive[name] : undefined;
    if (!name || !doc) throw new PeerlabError("INTERNAL", `scenario ${ctx.scenario} has no instructions document in its drive for the in-policy delivery`);
    world.drive[name] = {
      ...doc,
      content: `${doc.content.trimEnd()}\n\n${APPENDIX_HEADING} ${renderPeerDocument(peer.fixture, ctx.identity, lineage, omitted)}`,
    };
    return { ...delivered, world };
  },
} satisfies DeliveryEntry;
