// The provider factory: one place that turns a provider string into a LangChain chat model, through
// the provider's registry entry. Providers reached over a connection get their key and base URL from
// the injected environment (and the spec's base_url), LangChain's retries off (the governor retries),
// a timeout, and optional streaming.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import {
  allProviders,
  attachConnection,
  providerEntry,
  providerOptionsFromEnv,
  resolveConnection,
  type ChatModelRequest,
  type ProviderOptions,
} from "./providers/index.js";
import { StreamingChatModel } from "./streaming.js";

export type { ChatModelRequest } from "./providers/index.js";

export function makeChatModel(req: ChatModelRequest): BaseChatModel {
  const entry = providerEntry(req.provider.kind);
  // A provider that runs in process (sim) takes no connection, and no options from the environment.
  if (!entry.connection) return entry.chat({ req, conn: null, options: { ...providerOptionsFromEnv({}), ...req.options } });
  const options: ProviderOptions = { ...providerOptionsFromEnv(req.env), ...req.options };
  const conn = resolveConnection(req.provider, req.env, req.baseUrl);
  const base = entry.chat({ req, conn, options });
  const chat = options.streaming ? new StreamingChatModel(base) : base;
  return attachConnection(chat, { limitKey: conn.limitKey, label: conn.label, secrets: [...new Set([conn.apiKey, ...providerKeysIn(req.env)])] });
}

/** Every provider key in the environment: an error body may echo any of them (a proxy or gateway in front of several providers). */
function providerKeysIn(env: Record<string, string | undefined>): string[] {
  return allProviders()
    .map((p) => (p.connection ? env[p.connection.key]?.trim() : undefined))
    .filter((k): k is string => Boolean(k));
}
