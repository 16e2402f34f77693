// The provider factory: one place that turns a provider string into a LangChain chat model. Real
// providers get their key and base URL from the injected environment (and the spec's base_url),
// LangChain's retries off (the governor retries), a timeout, and optional streaming.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { SimPlaybook } from "../scenarios/types.js";
import type { ProviderRef } from "../spec/provider-string.js";
import type { Role, SimPolicy } from "../spec/vocabulary.js";
import { anthropicChat, attachConnection, openaiChat, PROVIDER_ENV, providerOptionsFromEnv, resolveConnection, type ProviderOptions } from "./providers/index.js";
import type { GenerationSettings } from "./request-hash.js";
import { SimChatModel } from "./sim/chat-model.js";
import { StreamingChatModel } from "./streaming.js";

export interface ChatModelRequest {
  provider: ProviderRef;
  role: Role;
  settings: GenerationSettings;
  /** For sim agents: the episode seed and the scenario's playbook. Real OpenAI models get the seed too. */
  seed: number;
  scenario: string;
  playbook: SimPlaybook;
  /** Environment variables (API keys, base URLs); only the CLI layer reads process.env. */
  env: Record<string, string | undefined>;
  /** The spec's base_url (openai-compatible providers). */
  baseUrl?: string;
  /** Sim agents wait this long before each answer. */
  simDelayMs?: number;
  /** Overrides of the options read from env (PEERLAB_TIMEOUT_S, PEERLAB_STREAM). */
  options?: Partial<ProviderOptions>;
}

export function makeChatModel(req: ChatModelRequest): BaseChatModel {
  const { provider } = req;
  if (provider.kind === "sim") {
    return new SimChatModel({ policy: provider.model as SimPolicy, role: req.role, seed: req.seed, scenario: req.scenario, playbook: req.playbook, delayMs: req.simDelayMs });
  }
  const conn = resolveConnection(provider, req.env, req.baseUrl);
  const options: ProviderOptions = { ...providerOptionsFromEnv(req.env), ...req.options };
  const base = conn.kind === "anthropic" ? anthropicChat(conn, req.settings, options) : openaiChat(conn, req.settings, options, req.seed);
  const chat = options.streaming ? new StreamingChatModel(base) : base;
  return attachConnection(chat, { limitKey: conn.limitKey, label: conn.label, secrets: [...new Set([conn.apiKey, ...providerKeysIn(req.env)])] });
}

/** Every provider key in the environment: an error body may echo any of them (a proxy or gateway in front of several providers). */
function providerKeysIn(env: Record<string, string | undefined>): string[] {
  return Object.values(PROVIDER_ENV)
    .map((names) => env[names.key]?.trim())
    .filter((k): k is string => Boolean(k));
}
