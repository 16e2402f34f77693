// The sim provider: a LangChain chat model whose answers come from a scenario's playbook, a pure
// function of (seed, role, scenario, visible context). The graph cannot tell it from a real model.
import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { SimPlaybook } from "./playbook.js";
import type { Role, SimPolicy } from "../../spec/index.js";
import { estimateTokens } from "../tokens.js";
import { textOf } from "../messages.js";
import { adversarialAction } from "./adversarial.js";
import { simViewOf } from "./view.js";

export interface SimModelOptions {
  policy: SimPolicy;
  role: Role;
  seed: number;
  scenario: string;
  playbook: SimPlaybook;
  /** Milliseconds to wait before answering (tests and benchmarks that need a slower agent). */
  delayMs?: number;
}

type ToolLike = { name?: string; function?: { name?: string } };

export class SimChatModel extends BaseChatModel {
  readonly opts: SimModelOptions;
  private toolNames: string[] = [];

  constructor(opts: SimModelOptions, params: BaseChatModelParams = {}) {
    super(params);
    this.opts = opts;
  }

  override _llmType(): string {
    return "peerlab-sim";
  }

  override bindTools(tools: unknown[]): SimChatModel {
    const next = new SimChatModel(this.opts);
    next.toolNames = (tools as ToolLike[]).map((t) => t.function?.name ?? t.name ?? "").filter(Boolean);
    return next;
  }

  override async _generate(messages: BaseMessage[], options?: this["ParsedCallOptions"]): Promise<ChatResult> {
    if (this.opts.delayMs) await delay(this.opts.delayMs, options?.signal);
    const view = simViewOf(messages, { ...this.opts, toolNames: this.toolNames });
    // sim:adversarial attacks the harness as the evaluator; in other roles it is the playbook's default agent.
    const action = this.opts.policy === "adversarial" && this.opts.role === "evaluator" ? adversarialAction(view) : this.opts.playbook.next(view);
    const text = action.text ?? "";
    const toolCalls = (action.calls ?? []).map((c, i) => ({ id: `call_${view.turn}_${i}`, name: c.name, args: c.args, type: "tool_call" as const }));
    const input = estimateTokens(messages.map(textOf).join("\n"));
    const output = estimateTokens(text + JSON.stringify(toolCalls.map((c) => [c.name, c.args])));
    const message = new AIMessage({
      content: text,
      tool_calls: toolCalls,
      usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output },
      response_metadata: { stop_reason: toolCalls.length ? "tool_use" : "end_turn" },
    });
    return { generations: [{ text, message }] };
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      },
      { once: true },
    );
  });
}
