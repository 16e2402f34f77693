// live: as memory, plus send_message to the running peer, which recalls its own side of the history.
import { sendMessageTool } from "./tools.js";
import { withMemory } from "./memory.js";
import type { DeliveryEntry } from "./types.js";

export const liveDelivery = {
  id: "live",
  description: "as memory, plus send_message to the peer running as a live agent",
  readsMemory: true,
  livePeer: true,
  promptSentenceTitle: null,
  apply: (input) => withMemory(input, [sendMessageTool(input.peer.fixture, input.ctx.identity)]),
} satisfies DeliveryEntry;
