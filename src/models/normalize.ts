// Normalising what chat models return, so a response is stored the same whether it was streamed or
// not and whichever SDK produced it: content blocks without stream indexes or partial JSON, tool calls
// split into valid ones and invalid ones with fixed error texts, reasoning, refusal and stop reason.
import type { AIMessage } from "@langchain/core/messages";
import type { InvalidToolCall, ToolCallNorm } from "./messages.js";

/** Fixed texts (not the JSON parser's message, which varies across Node versions). */
export const MALFORMED_JSON = "malformed JSON";
export const NOT_AN_OBJECT = "JSON that is not an object";

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function splitToolCalls(m: AIMessage): { valid: ToolCallNorm[]; invalid: InvalidToolCall[] } {
  const valid: ToolCallNorm[] = [];
  const invalid: InvalidToolCall[] = [];
  // OpenAI's raw calls keep the argument text exactly as the model wrote it.
  const raw = new Map(
    ((m.additional_kwargs?.tool_calls ?? []) as { id?: string; function?: { arguments?: unknown } }[]).map((c) => [c.id, c.function?.arguments]),
  );
  for (const c of m.tool_calls ?? []) {
    if (isPlainObject(c.args)) {
      valid.push({ id: c.id ?? "", name: c.name, args: c.args });
      continue;
    }
    const text = raw.get(c.id);
    const args = typeof text === "string" ? text : typeof c.args === "string" ? c.args : JSON.stringify(c.args ?? null);
    invalid.push({ id: c.id ?? "", name: c.name, args, error: parsesAsJson(args) ? NOT_AN_OBJECT : MALFORMED_JSON });
  }
  for (const c of m.invalid_tool_calls ?? []) {
    const args = c.args ?? "";
    invalid.push({ id: c.id ?? "", name: c.name ?? "", args, error: parsesAsJson(args) ? NOT_AN_OBJECT : MALFORMED_JSON });
  }
  return { valid, invalid };
}

function parsesAsJson(v: unknown): boolean {
  if (typeof v !== "string") return true;
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

type Block = Record<string, unknown> & { type?: string; index?: number | string };

/**
 * Content as the provider would send it back: Anthropic's streamed chunk blocks (split by index,
 * `input_json_delta` pieces, string inputs) become the blocks of a non-streamed answer; tool_use
 * inputs come from the parsed tool calls ({} for invalid ones); empty text blocks are dropped.
 */
export function normalizeContent(content: unknown, valid: readonly ToolCallNorm[], invalid: readonly InvalidToolCall[], refusal: string | null): unknown {
  if (typeof content === "string") return content || refusal || "";
  if (!Array.isArray(content)) return refusal ?? "";
  const merged: Block[] = [];
  const byIndex = new Map<string, Block>();
  for (const raw of content as (Block | string)[]) {
    if (typeof raw === "string") {
      if (raw) merged.push({ type: "text", text: raw });
      continue;
    }
    if (raw.type === "input_json_delta") continue;
    const key = raw.index === undefined ? null : `${raw.index}:${raw.type}`;
    const existing = key ? byIndex.get(key) : undefined;
    if (existing) {
      // Chunks of one streamed block that were not merged: concatenate their text parts.
      for (const f of ["text", "thinking", "signature"]) if (typeof raw[f] === "string") existing[f] = String(existing[f] ?? "") + String(raw[f]);
      continue;
    }
    const { index: _drop, ...block } = raw;
    merged.push(block);
    if (key) byIndex.set(key, block);
  }
  const calls = new Map(valid.map((c) => [c.id, c.args]));
  const bad = new Set(invalid.map((c) => c.id));
  const out: Block[] = [];
  for (const b of merged) {
    if (b.type === "text" && !b.text) continue;
    if (b.type === "tool_use") {
      const id = String(b.id ?? "");
      out.push({ ...b, input: calls.get(id) ?? (bad.has(id) ? {} : isPlainObject(b.input) ? b.input : {}) });
      continue;
    }
    out.push(b);
  }
  if (refusal && !out.some((b) => b.type === "text")) out.unshift({ type: "text", text: refusal });
  return out;
}

/** Reasoning the API returned: Anthropic thinking blocks, Responses API reasoning, `reasoning_content`. */
export function reasoningOf(m: AIMessage): string | null {
  const parts: string[] = [];
  if (Array.isArray(m.content)) {
    for (const b of m.content) {
      const block = b as { type?: string; thinking?: string; reasoning?: string; text?: string };
      if (block.type === "thinking" && block.thinking) parts.push(block.thinking);
      if (block.type === "redacted_thinking") parts.push("[redacted thinking]");
      if (block.type === "reasoning" && (block.reasoning ?? block.text)) parts.push(String(block.reasoning ?? block.text));
    }
  }
  const extra = m.additional_kwargs as { reasoning_content?: unknown } | undefined;
  if (typeof extra?.reasoning_content === "string" && extra.reasoning_content) parts.push(extra.reasoning_content);
  return parts.length ? parts.join("\n") : null;
}

export function refusalOf(m: AIMessage): string | null {
  const r = (m.additional_kwargs as { refusal?: unknown } | undefined)?.refusal;
  return typeof r === "string" && r ? r : null;
}

export function stopReasonOf(m: AIMessage): string | null {
  const meta = (m.response_metadata ?? {}) as Record<string, unknown>;
  const extra = (m.additional_kwargs ?? {}) as Record<string, unknown>;
  const r = meta.stop_reason ?? meta.finish_reason ?? extra.stop_reason ?? null;
  return typeof r === "string" ? r : null;
}
