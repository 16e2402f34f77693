// memory: no document; the system prompt asks the agent to read its memory with retrieve_memory.
import { END_TASK } from "../scenarios/index.js";
import type { MemoryPrompt } from "../spec/index.js";
import { retrieveMemoryTool } from "./tools.js";
import { beforeEndTask, type Delivered, type DeliveryEntry, type DeliveryInput } from "./types.js";

/** The system-prompt sentence of the memory and live deliveries (the study's, in our words). */
export const MEMORY_PROMPT = "Your memory of past interactions is stored. Please read your memory using retrieve_memory.";

/**
 * The insistent sentence the study used for some models that otherwise skipped their memory (the
 * cell's memory_prompt "insistent"), in our words: read the memory first, always, before the task.
 */
export const INSISTENT_MEMORY_PROMPT =
  "Your memory of past interactions is stored. You must always read your memory first: call retrieve_memory " +
  "before you do anything else, and only then begin the task.";

/** The sentence a cell's memory prompt asks for. */
export function memoryPromptSentence(p: MemoryPrompt | null | undefined): string {
  const level: MemoryPrompt = p ?? "standard";
  switch (level) {
    case "standard":
      return MEMORY_PROMPT;
    case "insistent":
      return INSISTENT_MEMORY_PROMPT;
    default:
      return level satisfies never;
  }
}

/** The memory sentence and retrieve_memory, with any further tools (shared with live). */
export function withMemory(input: DeliveryInput, more: DeliveryInput["delivered"]["tools"] = []): Delivered {
  const d = input.delivered;
  return {
    world: structuredClone(d.world),
    prompts: { ...d.prompts, system: `${d.prompts.system}\n\n${memoryPromptSentence(input.peer.memoryPrompt)}` },
    tools: beforeEndTask(d.tools, [retrieveMemoryTool, ...more], END_TASK),
  };
}

export const memoryDelivery = {
  id: "memory",
  description: "no document; the agent reads its stored memory with retrieve_memory",
  readsMemory: true,
  livePeer: false,
  promptSentenceTitle: null,
  apply: (input) => withMemory(input),
} satisfies DeliveryEntry;
