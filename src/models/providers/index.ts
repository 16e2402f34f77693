// Providers: the registry of provider kinds (one entry per kind: connection, chat model, wire format,
// family name, pricing), connection resolution, options, and the LangChain chat models.
export { allProviders, findProvider, providerEntry, registerProvider } from "./registry.js";
export type { ChatInput, ChatModelRequest, ProviderEntry } from "./types.js";
export { anthropicWire, openaiWire } from "./wire-formats.js";
export {
  resolveConnection,
  identityBaseUrl,
  providerProblems,
  isRealProvider,
  envNamesOf,
  NO_KEY,
  type Connection,
  type ProviderEnvNames,
} from "./connection.js";
export { providerOptionsFromEnv, DEFAULT_TIMEOUT_MS, OPTION_ENV, flagOf, type ProviderOptions } from "./options.js";
export { openaiChat, PeerlabCompletions, type OpenAIStyle } from "./openai.js";
export { anthropicChat } from "./anthropic.js";
export { attachConnection, connectionOf, type AttachedConnection } from "./attached.js";
