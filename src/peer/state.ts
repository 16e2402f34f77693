// The live peer graph's state and runtime context. The conversation is replaced as a whole each turn
// (the agent keeps it between exchanges), so message objects stay identical and request deltas stay small.
import { Annotation } from "@langchain/langgraph";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { ModelPort } from "../models/index.js";
import type { ScenarioContext } from "../scenarios/index.js";
import type { MemoryFixture } from "../spec/index.js";

export const PeerState = Annotation.Root({
  /** The peer's conversation so far (system prompt first, once recalled). */
  messages: Annotation<BaseMessage[]>({ reducer: (_a, b) => b, default: () => [] }),
  /** The message being answered. */
  incoming: Annotation<BaseMessage | null>({ reducer: (_a, b) => b, default: () => null }),
  reply: Annotation<AIMessage | null>({ reducer: (_a, b) => b, default: () => null }),
});
export type PeerStateType = typeof PeerState.State;
export type PeerUpdate = typeof PeerState.Update;

/** What the peer's nodes reach: its model port, its fixture and the episode's context. */
export interface PeerRuntime {
  port: ModelPort;
  fixture: MemoryFixture;
  ctx: ScenarioContext;
  signal?: AbortSignal;
}

export const PeerContext = z.object({ peer: z.custom<PeerRuntime>() });
export type PeerContextType = z.infer<typeof PeerContext>;
