// Real providers: connection resolution, options, and the LangChain chat models for each kind.
export { resolveConnection, providerProblems, isRealProvider, PROVIDER_ENV, NO_KEY, type Connection, type RealProviderKind, type ProviderEnvNames } from "./connection.js";
export { providerOptionsFromEnv, DEFAULT_TIMEOUT_MS, OPTION_ENV, flagOf, type ProviderOptions } from "./options.js";
export { openaiChat, PeerlabCompletions } from "./openai.js";
export { anthropicChat } from "./anthropic.js";
export { attachConnection, connectionOf, type AttachedConnection } from "./attached.js";
