// What a provider kind is: everything the rest of the code asks of one (how to reach it, how to build
// its chat model, its wire format, its agents' family name, whether it is simulated, priced, cached).
// A new provider is one file exporting a `ProviderEntry` and one line in ./registry.ts (or
// `registerProvider` from test code).
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessage } from "@langchain/core/messages";
import type { SimPlaybook } from "../sim/playbook.js";
import type { ProviderRef } from "../../spec/index.js";
import type { ProviderKind, Role } from "../../spec/index.js";
import type { GenerationSettings } from "../request-hash.js";
import type { Connection } from "./connection.js";
import type { ProviderFamily } from "./families.js";
import type { ProviderOptions } from "./options.js";

export interface ProviderEnvNames {
  /** The variable holding the API key. */
  key: string;
  /** Whether calls need a key (an openai-compatible server may not). */
  keyRequired: boolean;
  /** The variable holding the base URL. */
  baseUrl: string;
  /** The public endpoint, or null where the user must say (openai-compatible). */
  defaultBaseUrl: string | null;
}

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

export interface ChatInput {
  req: ChatModelRequest;
  /** The resolved connection; null for a provider without one (`connection: null`). */
  conn: Connection | null;
  options: ProviderOptions;
}

export interface ProviderEntry {
  kind: ProviderKind;
  /** One line for people (docs, `peerlab providers`-style listings). Never shown to a model. */
  description: string;
  /**
   * Where its key and base URL come from (the injected environment), whether the key is required, and
   * the default base URL. null: it runs in process and needs no connection (sim).
   */
  connection: ProviderEnvNames | null;
  /** The spec's `base_url` applies to it (and wins over the environment's). */
  takesSpecBaseUrl: boolean;
  /** Scripted agents, not a model: results are never model findings, and a run of only these is marked simulated. */
  simulated: boolean;
  /** Costs nothing, so it needs no price (otherwise the price table or the spec's `prices:` prices it). */
  free: boolean;
  /** Its answers may be served from the response cache (not for free, deterministic agents: that only grows the database). */
  cached: boolean;
  /**
   * The agents' family display name ("Claude" in "Claude Agent 1"): `name` is used when the model name
   * names no known family (null: the model name's first word); `fromModel: false` skips the model name.
   */
  family: ProviderFamily;
  /** The LangChain chat model for one role of one episode. */
  chat(input: ChatInput): BaseChatModel;
  /**
   * Put an answer's invalid tool calls (unparseable arguments) back in this API's wire format, so the
   * tool results that answer them are accepted; null: messages are sent as they are.
   */
  wire: ((m: AIMessage) => AIMessage) | null;
}
