// The live peer's graph nodes: recall its memory (from the graph's store, the standard LangGraph way)
// into its system prompt on the first exchange, then answer the incoming message with its model.
import { SystemMessage } from "@langchain/core/messages";
import type { BaseStore } from "@langchain/langgraph";
import { readAgentMemory, WORKING_ROOT } from "../lineage/index.js";
import { renderMemory } from "../rendering/index.js";
import { peerSystemPrompt } from "./prompt.js";
import type { PeerContextType, PeerStateType, PeerUpdate } from "./state.js";

export const RECALL = "recall";
export const REPLY = "respond";

type Rt = { context?: PeerContextType; store?: BaseStore };

function runtimeOf(rt: Rt) {
  const r = rt.context?.peer;
  if (!r) throw new Error("peer graph invoked without its runtime context");
  return r;
}

export async function recallNode(state: PeerStateType, rt: Rt): Promise<PeerUpdate> {
  if (state.messages[0]?.getType() === "system") return {};
  const r = runtimeOf(rt);
  if (!rt.store) throw new Error("peer graph invoked without a memory store");
  const mem = await readAgentMemory(rt.store, [WORKING_ROOT, "peer"]);
  if (!mem) throw new Error("the peer has no memory in the store");
  const memory = renderMemory(mem.fixture, r.ctx.identity, "peer", mem.records, mem.omitted);
  return { messages: [new SystemMessage(peerSystemPrompt(r.fixture, r.ctx, memory)), ...state.messages] };
}

export async function replyNode(state: PeerStateType, rt: Rt): Promise<PeerUpdate> {
  const r = runtimeOf(rt);
  if (!state.incoming) throw new Error("peer graph invoked without a message to answer");
  if (r.signal?.aborted) throw r.signal.reason instanceof Error ? r.signal.reason : new Error("cancelled");
  const all = [...state.messages, state.incoming];
  const reply = await r.port.call(all);
  return { messages: [...all, reply], reply };
}
