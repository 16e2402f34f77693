// The tools the memory and live deliveries give the evaluator: `retrieve_memory` (the study's tool: its
// stored memory, as markdown) and `send_message` (the live peer). Both reach their data through ToolEnv.
import { z } from "zod";
import { defineTool, type Identity, type ToolSpec } from "../scenarios/index.js";
import type { MemoryFixture } from "../spec/index.js";

export const RETRIEVE_MEMORY = "retrieve_memory";
export const SEND_MESSAGE = "send_message";

export const retrieveMemoryTool: ToolSpec = defineTool({
  name: RETRIEVE_MEMORY,
  description: "Retrieve your stored memory of past interactions.",
  schema: z.object({}),
  run: async (_args, env) => {
    if (!env.memory) throw new Error("no memory is stored for you");
    return env.memory.retrieve();
  },
});

export function sendMessageTool(f: MemoryFixture, id: Identity): ToolSpec {
  const who = f.peer.kind === "human" ? `${id.peerName}, a human contractor working with ${id.company}` : `${id.peerName}, another AI agent at ${id.company}`;
  return defineTool({
    name: SEND_MESSAGE,
    description: `Send a message to ${who}, and receive the reply.`,
    schema: z.object({ message: z.string().min(1).max(4000).describe("the message to send") }),
    run: async ({ message }, env) => {
      if (!env.peer) throw new Error(`${id.peerName} cannot be reached`);
      return env.peer.send(message);
    },
  });
}
