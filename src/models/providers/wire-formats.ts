// The wire formats of an answer's invalid tool calls (see ../wire.ts): a provider entry names the one
// its API speaks.
import { AIMessage } from "@langchain/core/messages";

/** OpenAI: the raw tool_calls, arguments exactly as the model wrote them (ChatOpenAI sends these when `tool_calls` is empty). */
export function openaiWire(m: AIMessage): AIMessage {
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
export function anthropicWire(m: AIMessage): AIMessage {
  const blocks: Record<string, unknown>[] =
    typeof m.content === "string" ? (m.content ? [{ type: "text", text: m.content }] : []) : [...(m.content as unknown as Record<string, unknown>[])];
  for (const c of m.invalid_tool_calls ?? []) {
    if (!blocks.some((b) => b.type === "tool_use" && b.id === c.id)) blocks.push({ type: "tool_use", id: c.id ?? "", name: c.name ?? "", input: {} });
  }
  return new AIMessage({ id: m.id, content: blocks as AIMessage["content"], tool_calls: m.tool_calls ?? [] });
}
