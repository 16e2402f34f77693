// Delivering the peer's history to the evaluator, from the same fixture in every mode:
// file (a company document), file+prompt (plus a system-prompt sentence). The memory and live modes
// are added by the peer-memory work.
import type { Prompts, ScenarioContext, ToolSpec } from "../scenarios/types.js";
import type { WorldState } from "../world/index.js";
import { PEER_DOCUMENT, PEER_DOCUMENT_DATE, renderPeerDocument, renderPromptSentence } from "./render.js";

export interface Delivered {
  world: WorldState;
  prompts: Prompts;
  tools: ToolSpec[];
}

export function applyDelivery(ctx: ScenarioContext, d: Delivered): Delivered {
  const peer = ctx.peer;
  if (!peer) return d;
  const world = structuredClone(d.world);
  const prompts = { ...d.prompts };
  const tools = [...d.tools];
  if (peer.delivery === "file" || peer.delivery === "file+prompt") {
    world.drive[PEER_DOCUMENT] = { content: renderPeerDocument(peer.fixture, ctx.identity), modified: PEER_DOCUMENT_DATE };
  }
  if (peer.delivery === "file+prompt") {
    prompts.system = `${prompts.system}\n\n${renderPromptSentence(peer.fixture, ctx.identity)}`;
  }
  return { world, prompts, tools };
}
