// `peerlab models check`: one tiny call to a provider to see that it answers, how fast, whether it
// calls tools, and what it costs. Through the same factory and governor as an experiment's calls.
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { PeerlabError } from "../errors.js";
import { parseProviderRef } from "../spec/index.js";
import type { Clock } from "../util/index.js";
import { makeChatModel } from "./factory.js";
import { Governor } from "./governor.js";
import { responseFromMessage } from "./messages.js";
import { costOf, priceOf, PRICES_CHECKED, type Price } from "./prices.js";
import { connectionOf, isRealProvider, providerOptionsFromEnv, resolveConnection, type ProviderOptions } from "./providers/index.js";
import { redactUrlCredentials } from "../util/index.js";

export interface ModelCheckResult {
  provider: string;
  ok: boolean;
  /** Where the call went (null for sim). */
  base_url: string | null;
  streaming: boolean;
  latency_ms: number | null;
  /** Whether the model called the check's tool (null when the call failed). */
  tool_calls: boolean | null;
  text: string;
  input_tokens: number;
  output_tokens: number;
  retries: number;
  /** USD per 1M tokens, from the price table or `prices`; null when unknown. */
  price: Price | null;
  prices_checked: string;
  cost_usd: number;
  error: string | null;
}

export interface ModelCheckInput {
  provider: string;
  env: Record<string, string | undefined>;
  clock: Clock;
  baseUrl?: string;
  options?: Partial<ProviderOptions>;
  prices?: Record<string, Price>;
  governor?: Governor;
}

const PING = {
  type: "function" as const,
  function: {
    name: "ping",
    description: "Answer the connectivity check.",
    parameters: {
      type: "object",
      properties: { value: { type: "string", description: "the word to send back" } },
      required: ["value"],
      additionalProperties: false,
    },
  },
};

const SYSTEM = "You are answering an automated connectivity check.";
const USER = 'Call the tool "ping" with value "pong". Do not write anything else.';

/** Throws MISSING_KEY (exit 2) when the provider cannot be reached at all; a failing call is a result with ok: false. */
export async function checkModel(input: ModelCheckInput): Promise<ModelCheckResult> {
  const ref = parseProviderRef(input.provider);
  if (typeof ref === "string") throw new PeerlabError("ARGS_INVALID", ref);
  const price = priceOf(ref.id, input.prices);
  const options = { ...providerOptionsFromEnv(input.env), ...input.options };
  const base: Omit<ModelCheckResult, "ok" | "latency_ms" | "tool_calls" | "text" | "input_tokens" | "output_tokens" | "retries" | "cost_usd" | "error"> = {
    provider: ref.id,
    base_url: isRealProvider(ref.kind) ? redactUrlCredentials(resolveConnection(ref, input.env, input.baseUrl).baseURL) : null,
    streaming: isRealProvider(ref.kind) ? options.streaming : false,
    price,
    prices_checked: PRICES_CHECKED,
  };
  const chat = makeChatModel({
    provider: ref,
    role: "evaluator",
    settings: { max_tokens: 512 },
    seed: 0,
    scenario: "models-check",
    playbook: { next: () => ({ calls: [{ name: "ping", args: { value: "pong" } }] }) },
    env: input.env,
    baseUrl: input.baseUrl,
    options: input.options,
  });
  const governor = input.governor ?? new Governor({ concurrency: 1, maxRetries: 2 });
  const conn = connectionOf(chat);
  const bound = chat.bindTools!([PING]);
  const started = input.clock.now().getTime();
  try {
    const { value, retries } = await governor.run(
      { key: conn?.limitKey ?? ref.id, role: "evaluator", label: `check:${ref.id}`, name: ref.id, secrets: conn?.secrets },
      () => bound.invoke([new SystemMessage(SYSTEM), new HumanMessage(USER)]),
    );
    const r = responseFromMessage(value);
    const called = [...r.tool_calls, ...(r.invalid_tool_calls ?? [])].some((c) => c.name === "ping");
    return {
      ...base,
      ok: true,
      latency_ms: input.clock.now().getTime() - started,
      tool_calls: called,
      text: r.text,
      input_tokens: r.usage.input_tokens,
      output_tokens: r.usage.output_tokens,
      retries,
      cost_usd: costOf(price, r.usage),
      error: null,
    };
  } catch (e) {
    return {
      ...base,
      ok: false,
      latency_ms: null,
      tool_calls: null,
      text: "",
      input_tokens: 0,
      output_tokens: 0,
      retries: ((e as PeerlabError).details as { retries?: number } | undefined)?.retries ?? 0,
      cost_usd: 0,
      error: (e as Error).message,
    };
  }
}
