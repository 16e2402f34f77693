// What a provider is sent back: an answer with invalid tool calls (unparseable arguments) must still
// carry those calls, because the episode answers each with an error result and both APIs reject a tool
// result whose call is missing. LangChain's converters drop invalid calls, so they are put back here,
// in the wire format of the provider's registry entry (./providers/wire-formats.ts).
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import { providerEntry } from "./providers/registry.js";

export function toWire(messages: BaseMessage[], kind: string): BaseMessage[] {
  const wire = providerEntry(kind).wire;
  if (!wire || !messages.some(hasInvalidCalls)) return messages;
  return messages.map((m) => (hasInvalidCalls(m) ? wire(m as AIMessage) : m));
}

function hasInvalidCalls(m: BaseMessage): boolean {
  return m.getType() === "ai" && ((m as AIMessage).invalid_tool_calls?.length ?? 0) > 0;
}
