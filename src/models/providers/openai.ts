// OpenAI and OpenAI-compatible chat models (ChatOpenAI over the openai SDK). `openai:` uses ChatOpenAI,
// which switches to the Responses API where OpenAI requires it; `openai-compatible:` always speaks
// chat completions, which is what vLLM, Ollama, OpenRouter and Gemini's endpoint serve.
import { ChatOpenAI, ChatOpenAICompletions } from "@langchain/openai";
import { PeerlabError } from "../../errors.js";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage, BaseMessageChunk } from "@langchain/core/messages";
import type { GenerationSettings } from "../request-hash.js";
import type { Connection } from "./connection.js";
import { httpFetch } from "./http-fetch.js";
import type { ProviderOptions } from "./options.js";
import { BUILTIN_FAMILIES } from "./families.js";
import type { ProviderEntry } from "./types.js";
import { openaiWire } from "./wire-formats.js";

type Raw = Record<string, unknown>;

/**
 * Chat completions that keep what ChatOpenAI drops: `refusal`, and reasoning sent as `reasoning`
 * (OpenRouter, newer vLLM) rather than `reasoning_content`, so a monitor's reasoning is not lost.
 */
export class PeerlabCompletions extends ChatOpenAICompletions {
  protected override _convertCompletionsMessageToBaseMessage(
    ...args: Parameters<ChatOpenAICompletions["_convertCompletionsMessageToBaseMessage"]>
  ): BaseMessage {
    return keepExtras(super._convertCompletionsMessageToBaseMessage(...args), args[0] as unknown as Raw);
  }

  protected override _convertCompletionsDeltaToBaseMessageChunk(
    ...args: Parameters<ChatOpenAICompletions["_convertCompletionsDeltaToBaseMessageChunk"]>
  ): BaseMessageChunk {
    return keepExtras(super._convertCompletionsDeltaToBaseMessageChunk(...args), args[0] as Raw);
  }
}

function keepExtras<M extends BaseMessage>(m: M, raw: Raw | undefined): M {
  if (!raw) return m;
  const extra = m.additional_kwargs as Raw;
  if (typeof raw.refusal === "string") extra.refusal = raw.refusal;
  if (typeof raw.reasoning === "string" && extra.reasoning_content === undefined) extra.reasoning_content = raw.reasoning;
  return m;
}

/** How an OpenAI-style API is spoken: `seeded` sends the episode's seed; `completionsOnly` never switches to the Responses API. */
export interface OpenAIStyle {
  seeded: boolean;
  completionsOnly: boolean;
}

export function openaiChat(conn: Connection, settings: GenerationSettings, options: ProviderOptions, seed: number, style: OpenAIStyle): BaseChatModel {
  const fields = {
    model: conn.model,
    apiKey: conn.apiKey,
    temperature: settings.temperature,
    maxTokens: settings.max_tokens,
    timeout: options.timeoutMs,
    // The governor retries; LangChain's own retries would multiply its attempts and hide them.
    maxRetries: 0,
    streamUsage: true,
    // Explicit values, so the SDK reads nothing from process.env (OPENAI_ORG_ID, OPENAI_PROJECT_ID,
    // LangSmith gateway settings): the library sees only the environment it is given.
    // Requests go over node:http with kept-alive connections (./http-fetch.ts), not Node's fetch.
    configuration: { baseURL: conn.baseURL, organization: null, project: null, maxRetries: 0, fetch: httpFetch },
    // The study's runs are seeded where the API takes a seed; openai-compatible servers differ
    // (Gemini's endpoint rejects the field), so only a seeded style (OpenAI's) sends one.
    ...(style.seeded ? { modelKwargs: { seed: settings.seed ?? seed } } : {}),
  };
  if (style.completionsOnly) return new PeerlabCompletions(fields);
  return new ChatOpenAI({ ...fields, completions: new PeerlabCompletions(fields) });
}

/** The connection a chat builder was given (a provider with `connection` always gets one). */
export function connectionFor(conn: Connection | null, kind: string): Connection {
  if (!conn) throw new PeerlabError("INTERNAL", `the ${kind} provider was built without a connection`);
  return conn;
}

export const openaiProvider = {
  kind: "openai",
  description: "OpenAI's API (the Responses API where OpenAI requires it); seeded",
  connection: { key: "OPENAI_API_KEY", keyRequired: true, baseUrl: "OPENAI_BASE_URL", defaultBaseUrl: "https://api.openai.com/v1" },
  takesSpecBaseUrl: false,
  simulated: false,
  free: false,
  cached: true,
  family: BUILTIN_FAMILIES.openai,
  chat: ({ req, conn, options }) => openaiChat(connectionFor(conn, "openai"), req.settings, options, req.seed, { seeded: true, completionsOnly: false }),
  wire: openaiWire,
} satisfies ProviderEntry;
