// prompt-only: no document and no memory; the system prompt alone tells the peer's relationship: the
// file+prompt sentence with the trust score, the fixture's summary and, with a persistent lineage, the
// lineage's earlier tasks.
import type { EpisodeMemory } from "../memory/index.js";
import { fill, lineageLines, renderPromptSentence, sentence } from "../rendering/index.js";
import type { Identity } from "../scenarios/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { DeliveryEntry } from "./types.js";

/** What prompt-only adds to the system prompt: the same shared facts (name, trust score, grade) as every delivery. */
export function renderPromptParagraph(f: MemoryFixture, id: Identity, lineage: readonly EpisodeMemory[] = [], omitted = 0): string {
  const cue = renderPromptSentence(f, id).replace(/\.$/, ` (trust score ${f.relationship.trust}/10).`);
  const summary = sentence(fill(f.summary, id).replace(/\s+/g, " "));
  return [`${cue} ${summary}`, ...lineageLines(id, lineage, omitted)].join("\n");
}

export const promptOnlyDelivery = {
  id: "prompt-only",
  description: "no document; the system prompt alone states the peer's relationship, trust score and summary",
  readsMemory: false,
  livePeer: false,
  promptSentenceTitle: "The prompt paragraph (prompt-only)",
  apply: ({ ctx, peer, delivered, lineage, omitted }) => ({
    world: structuredClone(delivered.world),
    prompts: { ...delivered.prompts, system: `${delivered.prompts.system}\n\n${renderPromptParagraph(peer.fixture, ctx.identity, lineage, omitted)}` },
    tools: [...delivered.tools],
  }),
} satisfies DeliveryEntry;
