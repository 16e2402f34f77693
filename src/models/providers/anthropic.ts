// Anthropic chat models through ChatAnthropic, which carries its own nested copy of the Anthropic SDK
// (0.122 under @langchain/anthropic; the top-level @anthropic-ai/sdk is a different version). Tested
// through it, as users run it.
import { ChatAnthropic } from "@langchain/anthropic";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { GenerationSettings } from "../request-hash.js";
import type { Connection } from "./connection.js";
import type { ProviderOptions } from "./options.js";

export function anthropicChat(conn: Connection, settings: GenerationSettings, options: ProviderOptions): BaseChatModel {
  return new ChatAnthropic({
    model: conn.model,
    apiKey: conn.apiKey,
    anthropicApiUrl: conn.baseURL,
    temperature: settings.temperature,
    ...(settings.max_tokens !== undefined ? { maxTokens: settings.max_tokens } : {}),
    // The governor retries; see openai.ts.
    maxRetries: 0,
    // authToken: null keeps the SDK from reading ANTHROPIC_AUTH_TOKEN from process.env.
    clientOptions: { timeout: options.timeoutMs, maxRetries: 0, authToken: null },
  });
}
