// file: a company document in the drive (multi_agent_system.docx) tells the peer's history. With a
// persistent lineage it also shows the lineage's earlier episodes.
import { PEER_DOCUMENT, PEER_DOCUMENT_DATE, renderPeerDocument } from "../rendering/index.js";
import type { Delivered, DeliveryEntry, DeliveryInput } from "./types.js";

/** Put the peer document in the drive (shared with file+prompt). */
export function withPeerDocument({ ctx, peer, delivered, lineage, omitted }: DeliveryInput): Delivered {
  const world = structuredClone(delivered.world);
  world.drive[PEER_DOCUMENT] = { content: renderPeerDocument(peer.fixture, ctx.identity, lineage, omitted), modified: PEER_DOCUMENT_DATE };
  return { ...delivered, world };
}

export const fileDelivery = {
  id: "file",
  description: "a company document in the drive tells the peer's history",
  readsMemory: false,
  livePeer: false,
  promptSentenceTitle: null,
  apply: withPeerDocument,
} satisfies DeliveryEntry;
