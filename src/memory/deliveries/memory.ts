// memory: no document; the system prompt asks the agent to read its memory with retrieve_memory.
import { END_TASK } from "../../scenarios/common/tools.js";
import { retrieveMemoryTool } from "../tools.js";
import { beforeEndTask, type Delivered, type DeliveryEntry, type DeliveryInput } from "./types.js";

/** The system-prompt sentence of the memory and live deliveries (the study's, in our words). */
export const MEMORY_PROMPT = "Your memory of past interactions is stored. Please read your memory using retrieve_memory.";

/** The memory sentence and retrieve_memory, with any further tools (shared with live). */
export function withMemory(input: DeliveryInput, more: DeliveryInput["delivered"]["tools"] = []): Delivered {
  const d = input.delivered;
  return { world: structuredClone(d.world), prompts: { ...d.prompts, system: `${d.prompts.system}\n\n${MEMORY_PROMPT}` }, tools: beforeEndTask(d.tools, [retrieveMemoryTool, ...more], END_TASK) };
}

export const memoryDelivery = {
  id: "memory",
  description: "no document; the agent reads its stored memory with retrieve_memory",
  readsMemory: true,
  livePeer: false,
  promptSentenceTitle: null,
  apply: (input) => withMemory(input),
} satisfies DeliveryEntry;
