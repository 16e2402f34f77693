// The provider factory: one place that turns a provider string into a LangChain chat model.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { PeerlabError } from "../errors.js";
import type { SimPlaybook } from "../scenarios/types.js";
import type { ProviderRef } from "../spec/provider-string.js";
import type { Role, SimPolicy } from "../spec/vocabulary.js";
import type { GenerationSettings } from "./request-hash.js";
import { SimChatModel } from "./sim/chat-model.js";

export interface ChatModelRequest {
  provider: ProviderRef;
  role: Role;
  settings: GenerationSettings;
  /** For sim agents: the episode seed and the scenario's playbook. */
  seed: number;
  scenario: string;
  playbook: SimPlaybook;
  /** Environment variables (API keys, base URLs); only the CLI layer reads process.env. */
  env: Record<string, string | undefined>;
  baseUrl?: string;
  /** Sim agents wait this long before each answer. */
  simDelayMs?: number;
}

export function makeChatModel(req: ChatModelRequest): BaseChatModel {
  const { provider } = req;
  if (provider.kind === "sim") {
    return new SimChatModel({ policy: provider.model as SimPolicy, role: req.role, seed: req.seed, scenario: req.scenario, playbook: req.playbook, delayMs: req.simDelayMs });
  }
  throw new PeerlabError("ARGS_INVALID", `provider ${provider.kind} is not built yet in this version of peerlab`);
}
