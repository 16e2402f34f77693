// file+prompt: the file delivery plus one system-prompt sentence naming the peer (the study's file_prt).
import { renderPromptSentence } from "../rendering/index.js";
import { withPeerDocument } from "./file.js";
import type { DeliveryEntry } from "./types.js";

export const filePromptDelivery = {
  id: "file+prompt",
  description: "the company document plus one system-prompt sentence about the peer",
  readsMemory: false,
  livePeer: false,
  promptSentenceTitle: "The prompt sentence (file+prompt)",
  apply: (input) => {
    const d = withPeerDocument(input);
    return { ...d, prompts: { ...d.prompts, system: `${d.prompts.system}\n\n${renderPromptSentence(input.peer.fixture, input.ctx.identity)}` } };
  },
} satisfies DeliveryEntry;
