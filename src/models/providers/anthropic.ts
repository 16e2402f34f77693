// Anthropic chat models through ChatAnthropic, which carries its own nested copy of the Anthropic SDK
// (0.122 under @langchain/anthropic; the top-level @anthropic-ai/sdk is a different version). Tested
// through it, as users run it.
import { ChatAnthropic } from "@langchain/anthropic";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { GenerationSettings } from "../request-hash.js";
import type { Connection } from "./connection.js";
import { httpFetch } from "./http-fetch.js";
import { connectionFor } from "./openai.js";
import type { ProviderOptions } from "./options.js";
import { BUILTIN_FAMILIES } from "./families.js";
import type { ProviderEntry } from "./types.js";
import { anthropicWire } from "./wire-formats.js";

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
    // Over node:http with kept-alive connections, as openai.ts.
    clientOptions: { timeout: options.timeoutMs, maxRetries: 0, authToken: null, fetch: httpFetch },
  });
}

export const anthropicProvider = {
  kind: "anthropic",
  description: "Anthropic's Messages API",
  connection: { key: "ANTHROPIC_API_KEY", keyRequired: true, baseUrl: "ANTHROPIC_BASE_URL", defaultBaseUrl: "https://api.anthropic.com" },
  takesSpecBaseUrl: false,
  simulated: false,
  free: false,
  cached: true,
  family: BUILTIN_FAMILIES.anthropic,
  chat: ({ req, conn, options }) => anthropicChat(connectionFor(conn, "anthropic"), req.settings, options),
  wire: anthropicWire,
} satisfies ProviderEntry;
