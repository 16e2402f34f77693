// What a provider is sent back: an answer with invalid tool calls (unparseable arguments) must still
// carry those calls, because the episode answers each with an error result and both APIs reject a tool
// result whose call is missing. LangChain's converters drop invalid calls, so they are put back here.
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ProviderKind } from "../spec/vocabulary.js";

export function toWire(messages: BaseMessage[], kind: ProviderKind): BaseMessage[] {
  if (kind === "sim" || !messages.some(hasInvalidCalls)) return messages;
  return messages.map((m) => (hasInvalidCalls(m) ? (kind === "anthropic" ? anthropicWire(m as AIMessage) : openaiWire(m as AIMessage)) : m));
}

function hasInvalidCalls(m: BaseMessage): boolean {
  return m.getType() === "ai" && ((m as AIMessage).invalid_tool_calls?.length ?? 0) > 0;
}

/** OpenAI: the raw tool_calls, arguments exactly as the model wrote them (ChatOpenAI sends these when `tool_calls` is empty). */
function openaiWire(m: AIMessage): AIMessage {
  const raw = [
    ...(m.tool_calls ?? []).map((c) => ({ id: c.id ?? "", type: "function" as const, function: { name: c.name, arguments: JSON.stringify(c.args ?? {}) } })),
    ...(m.invalid_tool_calls ?? []).map((c) => ({ id: c.id ?? "", type: "function" as const, function: { name: c.name ?? "", arguments: c.args ?? "" } })),
  ];
  const wire = new AIMessage({ id: m.id, content: m.content, tool_calls: [] });
  // Set after construction: AIMessage's constructor warns about raw tool_calls on every message.
  wire.additional_kwargs.tool_calls = raw;
  return wire;
}

/** Anthropic: a tool_use block per invalid call (input must be an object: {}). Valid calls ChatAnthropic adds itself. */
function anthropicWire(m: AIMessage): AIMessage {
  const blocks: Record<string, unknown>[] = typeof m.content === "string" ? (m.content ? [{ type: "text", text: m.content }] : []) : [...(m.content as unknown as Record<string, unknown>[])];
  for (const c of m.invalid_tool_calls ?? []) {
    if (!blocks.some((b) => b.type === "tool_use" && b.id === c.id)) blocks.push({ type: "tool_use", id: c.id ?? "", name: c.name ?? "", input: {} });
  }
  return new AIMessage({ id: m.id, content: blocks as AIMessage["content"], tool_calls: m.tool_calls ?? [] });
}
