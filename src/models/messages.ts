// Normal forms of chat messages and model responses: what is hashed, stored and compared.
// Message ids never enter a normal form; contents are reduced to text plus tool calls.
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import { normalizeContent, reasoningOf, refusalOf, splitToolCalls, stopReasonOf } from "./normalize.js";

export const ToolCallNorm = z.object({ id: z.string(), name: z.string(), args: z.record(z.string(), z.unknown()) });
export type ToolCallNorm = z.infer<typeof ToolCallNorm>;

export const NormMessage = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  tool_calls: z.array(ToolCallNorm).optional(),
  tool_call_id: z.string().optional(),
});
export type NormMessage = z.infer<typeof NormMessage>;

export const InvalidToolCall = z.object({ id: z.string(), name: z.string(), args: z.string(), error: z.string() });
export type InvalidToolCall = z.infer<typeof InvalidToolCall>;

/** A model's answer, as stored and replayed. */
export const ModelResponse = z.object({
  text: z.string(),
  tool_calls: z.array(ToolCallNorm),
  invalid_tool_calls: z.array(InvalidToolCall).optional(),
  /** Reasoning the API returned (thinking blocks, reasoning_content), if any. */
  reasoning: z.string().nullable(),
  /** The message content exactly as the chat model produced it (string or content blocks). */
  content: z.unknown(),
  usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }),
  stop_reason: z.string().nullable().optional(),
  /** The refusal the API returned as such (OpenAI's `refusal`), also given as the text. */
  refusal: z.string().optional(),
});
export type ModelResponse = z.infer<typeof ModelResponse>;

export function textOf(m: BaseMessage): string {
  const c = m.content;
  if (typeof c === "string") return c;
  if (!Array.isArray(c)) return "";
  return c
    .map((b) => {
      if (typeof b === "string") return b;
      const block = b as { type?: string; text?: string };
      return block.type === "text" && typeof block.text === "string" ? block.text : "";
    })
    .join("");
}

export function normMessage(m: BaseMessage): NormMessage {
  const type = m.getType();
  if (type === "system") return { role: "system", content: textOf(m) };
  if (type === "human") return { role: "user", content: textOf(m) };
  if (type === "tool") return { role: "tool", content: textOf(m), tool_call_id: (m as { tool_call_id?: string }).tool_call_id ?? "" };
  if (type === "ai") {
    const ai = m as AIMessage;
    const calls = (ai.tool_calls ?? []).map((c) => ({ id: c.id ?? "", name: c.name, args: (c.args ?? {}) as Record<string, unknown> }));
    return calls.length ? { role: "assistant", content: textOf(m), tool_calls: calls } : { role: "assistant", content: textOf(m) };
  }
  return { role: "user", content: textOf(m) };
}

export function responseFromMessage(m: AIMessage): ModelResponse {
  const usage = m.usage_metadata;
  const { valid, invalid } = splitToolCalls(m);
  const refusal = refusalOf(m);
  const text = textOf(m);
  return {
    text: text || refusal || "",
    tool_calls: valid,
    ...(invalid.length ? { invalid_tool_calls: invalid } : {}),
    reasoning: reasoningOf(m),
    content: normalizeContent(m.content, valid, invalid, text ? null : refusal),
    usage: { input_tokens: usage?.input_tokens ?? 0, output_tokens: usage?.output_tokens ?? 0 },
    stop_reason: stopReasonOf(m),
    ...(refusal ? { refusal } : {}),
  };
}

/** Rebuild the AI message a response came from (for the transcript and for replay). */
export function messageFromResponse(r: ModelResponse, id: string): AIMessage {
  return new AIMessage({
    id,
    content: (r.content ?? r.text) as AIMessage["content"],
    tool_calls: r.tool_calls.map((c) => ({ id: c.id, name: c.name, args: c.args, type: "tool_call" as const })),
    invalid_tool_calls: (r.invalid_tool_calls ?? []).map((c) => ({ id: c.id, name: c.name, args: c.args, error: c.error, type: "invalid_tool_call" as const })),
    usage_metadata: { input_tokens: r.usage.input_tokens, output_tokens: r.usage.output_tokens, total_tokens: r.usage.input_tokens + r.usage.output_tokens },
  });
}
