// Streaming as an adapter: any chat model's stream is assembled into one answer, so the rest of
// peerlab sees the same AIMessage whether a provider streamed or not. It also avoids two problems of
// the SDK wrappers' own streaming `invoke`: ChatOpenAI estimates tokens with tiktoken (a network
// fetch), and ChatAnthropic adds message_start's output count to message_delta's running total.
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type AIMessageChunk, type BaseMessage, type InvalidToolCall, type ToolCall } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { stopReasonOf } from "./normalize.js";

type Streamable = Pick<Runnable<BaseMessage[], AIMessageChunk>, "stream">;
type Bindable = { bindTools?: (tools: never[], kwargs?: never) => unknown };

/** A stream that ended cleanly but before the model finished (no stop reason): retried like a reset. */
export class IncompleteResponseError extends Error {
  override readonly name = "IncompleteResponseError";
}

export class StreamingChatModel extends BaseChatModel {
  constructor(private readonly inner: Streamable & Bindable) {
    super({});
  }

  override _llmType(): string {
    return "peerlab-streaming";
  }

  override bindTools(
    tools: Parameters<NonNullable<BaseChatModel["bindTools"]>>[0],
    kwargs?: Parameters<NonNullable<BaseChatModel["bindTools"]>>[1],
  ): StreamingChatModel {
    if (!this.inner.bindTools) throw new Error("the wrapped chat model does not take tools");
    return new StreamingChatModel(this.inner.bindTools(tools as never[], kwargs as never) as Streamable & Bindable);
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    let acc: AIMessageChunk | undefined;
    // Providers report usage as running totals (Anthropic) or once at the end (OpenAI): the maximum
    // of each field over the chunks is right for both.
    let input = 0;
    let output = 0;
    for await (const chunk of await this.inner.stream(messages, { signal: options.signal })) {
      acc = acc ? acc.concat(chunk) : chunk;
      input = Math.max(input, chunk.usage_metadata?.input_tokens ?? 0);
      output = Math.max(output, chunk.usage_metadata?.output_tokens ?? 0);
    }
    if (!acc) throw new IncompleteResponseError("the stream ended without any answer");
    const calls = strictToolCalls(acc);
    const message = new AIMessage({
      id: acc.id,
      content: acc.content,
      tool_calls: calls?.valid ?? acc.tool_calls,
      invalid_tool_calls: calls?.invalid ?? acc.invalid_tool_calls,
      additional_kwargs: acc.additional_kwargs,
      response_metadata: acc.response_metadata,
      usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output },
    });
    if (stopReasonOf(message) === null) throw new IncompleteResponseError("the stream ended before the model finished (no stop reason)");
    return { generations: [{ text: typeof message.content === "string" ? message.content : "", message }] };
  }
}

/**
 * Tool calls parsed strictly from the streamed argument text. LangChain parses chunks with a partial
 * JSON parser, so a cut-off `{"key": ` becomes a valid call with `{}` when streamed but an invalid call
 * when not; parsing the assembled text strictly makes both modes record the same answer.
 */
function strictToolCalls(acc: AIMessageChunk): { valid: ToolCall[]; invalid: InvalidToolCall[] } | null {
  const chunks = acc.tool_call_chunks ?? [];
  if (!chunks.length) return null;
  const valid: ToolCall[] = [];
  const invalid: InvalidToolCall[] = [];
  for (const c of chunks) {
    const raw = c.args ?? "";
    const id = c.id ?? undefined;
    const name = c.name ?? "";
    if (raw.trim() === "") {
      valid.push({ id, name, args: {}, type: "tool_call" });
      continue;
    }
    try {
      const args: unknown = JSON.parse(raw);
      if (args !== null && typeof args === "object" && !Array.isArray(args)) valid.push({ id, name, args: args as Record<string, unknown>, type: "tool_call" });
      else invalid.push({ id, name, args: raw, error: "not a JSON object", type: "invalid_tool_call" });
    } catch {
      invalid.push({ id, name, args: raw, error: "malformed JSON", type: "invalid_tool_call" });
    }
  }
  return { valid, invalid };
}
