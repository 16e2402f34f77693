// The wire formats of the local LLM server (test/support/llm-server.ts): reading OpenAI chat-completions
// and Anthropic messages requests, the APIs' rules on pairing tool calls with results, and writing
// answers as JSON bodies or SSE event streams.
import { createHash } from "node:crypto";
import type { LlmRequest, ScriptedTurn, SeenMessage } from "./llm-server.js";

/** About four characters a token, at least one: the server's own count, reported as usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function streamUsageWanted(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
}

type Part = {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
  thinking?: string;
};

export function partsText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Part[]).map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");
}

export function openaiMessages(body: Record<string, unknown>): SeenMessage[] {
  const msgs = (body.messages as Record<string, unknown>[] | undefined) ?? [];
  return msgs.map((m) => {
    const role = String(m.role);
    if (role === "tool") return { role: "tool", text: partsText(m.content), toolCallId: String(m.tool_call_id ?? "") };
    if (role === "assistant") {
      const calls = (m.tool_calls as { id: string; function: { name: string; arguments: string } }[] | undefined) ?? [];
      return {
        role: "assistant",
        text: partsText(m.content),
        ...(calls.length ? { toolCalls: calls.map((c) => ({ id: c.id, name: c.function.name, args: c.function.arguments })) } : {}),
      };
    }
    return { role: role === "system" || role === "developer" ? "system" : "user", text: partsText(m.content) };
  });
}

export function anthropicMessages(body: Record<string, unknown>): SeenMessage[] {
  const out: SeenMessage[] = [];
  const system = body.system;
  if (system !== undefined) out.push({ role: "system", text: typeof system === "string" ? system : partsText(system) });
  for (const m of (body.messages as { role: string; content: unknown }[] | undefined) ?? []) {
    if (m.role === "assistant") {
      const parts = typeof m.content === "string" ? [{ type: "text", text: m.content }] : ((m.content as Part[]) ?? []);
      const calls = parts.filter((p) => p.type === "tool_use").map((p) => ({ id: String(p.id), name: String(p.name), args: JSON.stringify(p.input ?? {}) }));
      out.push({ role: "assistant", text: partsText(parts), ...(calls.length ? { toolCalls: calls } : {}) });
      continue;
    }
    const parts = typeof m.content === "string" ? [{ type: "text", text: m.content }] : ((m.content as Part[]) ?? []);
    for (const p of parts.filter((x) => x.type === "tool_result")) {
      out.push({ role: "tool", text: partsText(p.content), toolCallId: String(p.tool_use_id), ...(p.is_error ? { isError: true } : {}) });
    }
    const text = partsText(parts.filter((x) => x.type === "text"));
    if (text || !parts.some((x) => x.type === "tool_result")) out.push({ role: "user", text });
  }
  return out;
}

// ---- the APIs' rules on tool calls and results --------------------------------------------------

export function openaiProtocolError(body: Record<string, unknown>): string | null {
  const msgs = (body.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[] | undefined) ?? [];
  let open: Set<string> | null = null;
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    if (m.role === "tool") {
      if (!open?.has(String(m.tool_call_id)))
        return `messages[${i}]: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (no call ${String(m.tool_call_id)})`;
      open.delete(String(m.tool_call_id));
      continue;
    }
    if (open?.size)
      return (
        `messages[${i}]: an assistant message with 'tool_calls' must be followed by tool messages ` +
        `responding to each 'tool_call_id' (missing: ${[...open].join(", ")})`
      );
    open = m.role === "assistant" && m.tool_calls?.length ? new Set(m.tool_calls.map((c) => c.id)) : null;
  }
  return null;
}

export function anthropicProtocolError(body: Record<string, unknown>): string | null {
  const msgs = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  const blocks = (c: unknown): Part[] => (typeof c === "string" ? [{ type: "text", text: c }] : Array.isArray(c) ? (c as Part[]) : []);
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    const parts = blocks(m.content);
    if (parts.some((p) => p.type === "text" && !p.text)) return `messages.${i}: text content blocks must be non-empty`;
    const uses = parts.filter((p) => p.type === "tool_use");
    if (uses.some((p) => p.input === null || typeof p.input !== "object" || Array.isArray(p.input)))
      return `messages.${i}: tool_use.input: Input should be a valid dictionary`;
    if (m.role === "assistant" && uses.length) {
      const next = blocks(msgs[i + 1]?.content);
      const answered = new Set(next.filter((p) => p.type === "tool_result").map((p) => String(p.tool_use_id)));
      const missing = uses.filter((u) => !answered.has(String(u.id)));
      if (msgs[i + 1]?.role !== "user" || missing.length)
        return `messages.${i}: tool_use ids were found without tool_result blocks immediately after: ${missing.map((u) => u.id).join(", ")}`;
    }
    const results = parts.filter((p) => p.type === "tool_result");
    if (results.length) {
      const prev = msgs[i - 1];
      const ids = new Set(
        prev?.role === "assistant"
          ? blocks(prev.content)
              .filter((p) => p.type === "tool_use")
              .map((p) => String(p.id))
          : [],
      );
      const stray = results.find((r) => !ids.has(String(r.tool_use_id)));
      if (stray)
        return (
          `messages.${i}.content: unexpected tool_use_id found in tool_result blocks: ${String(stray.tool_use_id)}. ` +
          `Each tool_result block must have a corresponding tool_use block in the previous message.`
        );
    }
  }
  return null;
}

// ---- answers ----------------------------------------------------------------------------------

export interface Answer {
  id: string;
  model: string;
  text: string;
  reasoning: string | null;
  reasoningField: "reasoning_content" | "reasoning";
  refusal: string | null;
  calls: { id: string; name: string; argsText: string; args: unknown }[];
  usage: { input: number; output: number };
}

export function answerOf(req: LlmRequest, turn: ScriptedTurn): Answer {
  const turnNo = req.messages.filter((m) => m.role === "assistant").length + 1;
  const calls = (turn.toolCalls ?? []).map((c, i) => {
    const argsText = c.rawArgs ?? JSON.stringify(c.args ?? {});
    let args: unknown = c.args ?? {};
    if (c.rawArgs !== undefined) {
      try {
        args = JSON.parse(c.rawArgs);
      } catch {
        args = c.rawArgs;
      }
    }
    return { id: c.id ?? `call_${turnNo}_${i}`, name: c.name, argsText, args };
  });
  const text = turn.text ?? "";
  const input = estimateTokens(JSON.stringify({ system: req.body.system ?? null, messages: req.body.messages ?? [], tools: req.body.tools ?? [] }));
  const output = estimateTokens(text + (turn.reasoning ?? "") + (turn.refusal ?? "") + calls.map((c) => c.name + c.argsText).join(""));
  return {
    id: `${req.api === "openai" ? "chatcmpl" : "msg"}_${req.index}`,
    model: req.model,
    text,
    reasoning: turn.reasoning ?? null,
    reasoningField: turn.reasoningField ?? "reasoning_content",
    refusal: turn.refusal ?? null,
    calls,
    usage: turn.usage ?? { input, output },
  };
}

export function openaiBody(a: Answer): Record<string, unknown> {
  const message: Record<string, unknown> = { role: "assistant", content: a.refusal !== null ? null : a.calls.length && !a.text ? null : a.text };
  if (a.refusal !== null) message.refusal = a.refusal;
  if (a.reasoning !== null) message[a.reasoningField] = a.reasoning;
  if (a.calls.length) message.tool_calls = a.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.argsText } }));
  return {
    id: a.id,
    object: "chat.completion",
    created: 1_767_225_600,
    model: a.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.calls.length ? "tool_calls" : "stop" }],
    usage: { prompt_tokens: a.usage.input, completion_tokens: a.usage.output, total_tokens: a.usage.input + a.usage.output },
  };
}

function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/** Split text in two, so clients must concatenate deltas. */
function halves(s: string): string[] {
  if (s.length < 2) return [s];
  const mid = Math.floor(s.length / 2);
  return [s.slice(0, mid), s.slice(mid)];
}

export function openaiEvents(a: Answer, includeUsage: boolean): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sse({
      id: a.id,
      object: "chat.completion.chunk",
      created: 1_767_225_600,
      model: a.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  const out = [chunk({ role: "assistant", content: "" })];
  if (a.reasoning !== null) for (const part of halves(a.reasoning)) out.push(chunk({ [a.reasoningField]: part }));
  if (a.refusal !== null) for (const part of halves(a.refusal)) out.push(chunk({ refusal: part }));
  if (a.text) for (const part of halves(a.text)) out.push(chunk({ content: part }));
  a.calls.forEach((c, index) => {
    out.push(chunk({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] }));
    for (const part of halves(c.argsText)) out.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
  });
  out.push(chunk({}, a.calls.length ? "tool_calls" : "stop"));
  if (includeUsage) {
    out.push(
      sse({
        id: a.id,
        object: "chat.completion.chunk",
        created: 1_767_225_600,
        model: a.model,
        choices: [],
        usage: { prompt_tokens: a.usage.input, completion_tokens: a.usage.output, total_tokens: a.usage.input + a.usage.output },
      }),
    );
  }
  out.push(sse("[DONE]"));
  return out;
}

/** A stand-in for Anthropic's opaque thinking signature: a function of the thinking, so reruns match. */
function signatureOf(thinking: string): string {
  return `sig_${createHash("sha256").update(thinking).digest("hex").slice(0, 16)}`;
}

function anthropicStop(a: Answer): string {
  return a.refusal !== null ? "refusal" : a.calls.length ? "tool_use" : "end_turn";
}

function anthropicBlocks(a: Answer): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (a.reasoning !== null) blocks.push({ type: "thinking", thinking: a.reasoning, signature: signatureOf(a.reasoning) });
  const text = a.refusal ?? a.text;
  if (text) blocks.push({ type: "text", text });
  for (const c of a.calls) blocks.push({ type: "tool_use", id: c.id, name: c.name, input: c.args });
  return blocks;
}

export function anthropicBody(a: Answer): Record<string, unknown> {
  return {
    id: a.id,
    type: "message",
    role: "assistant",
    model: a.model,
    content: anthropicBlocks(a),
    stop_reason: anthropicStop(a),
    stop_sequence: null,
    usage: { input_tokens: a.usage.input, output_tokens: a.usage.output },
  };
}

export function anthropicEvents(a: Answer): string[] {
  const out = [
    sse(
      {
        type: "message_start",
        message: {
          id: a.id,
          type: "message",
          role: "assistant",
          model: a.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: a.usage.input, output_tokens: 1 },
        },
      },
      "message_start",
    ),
  ];
  const ev = (type: string, data: Record<string, unknown>) => out.push(sse({ type, ...data }, type));
  let index = 0;
  if (a.reasoning !== null) {
    ev("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
    for (const part of halves(a.reasoning)) ev("content_block_delta", { index, delta: { type: "thinking_delta", thinking: part } });
    ev("content_block_delta", { index, delta: { type: "signature_delta", signature: signatureOf(a.reasoning) } });
    ev("content_block_stop", { index });
    index++;
  }
  const text = a.refusal ?? a.text;
  if (text) {
    ev("content_block_start", { index, content_block: { type: "text", text: "" } });
    for (const part of halves(text)) ev("content_block_delta", { index, delta: { type: "text_delta", text: part } });
    ev("content_block_stop", { index });
    index++;
  }
  for (const c of a.calls) {
    ev("content_block_start", { index, content_block: { type: "tool_use", id: c.id, name: c.name, input: {} } });
    for (const part of halves(c.argsText)) ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: part } });
    ev("content_block_stop", { index });
    index++;
  }
  ev("message_delta", { delta: { stop_reason: anthropicStop(a), stop_sequence: null }, usage: { output_tokens: a.usage.output } });
  ev("message_stop", {});
  return out;
}
