// Models: the provider factory, the sim agents, the governor (limits, retries, budgets) and the
// recording model port.
export { makeChatModel, type ChatModelRequest } from "./factory.js";
export { Governor, type GovernorOptions, type CallTicket, type Governed, type KeyStats } from "./governor.js";
export { DEFAULT_OUTPUT_RESERVE } from "./governor-shared.js";
export { governorOptionsFromEnv, GOVERNOR_ENV } from "./governor-env.js";
export {
  MemoryLimiter,
  keyFingerprint,
  type SharedLimiter,
  type KeyLimits,
  type KeyBlock,
  type LimitRequest,
  type LimitOutcome,
  type LimitWait,
  type SlotEnd,
} from "./limiter.js";
export { retryInfoOf, retryAfterOf, type RetryInfo } from "./retry.js";
export { BudgetTracker, describeBreach, type BudgetLimits, type BudgetBreach, type Spend, type UsageLimit } from "./budget.js";
export {
  ModelPort,
  ReplayDivergedError,
  type CallRecorder,
  type ModelCallRecord,
  type RecordedCall,
  type ReplaySource,
  type RequestDelta,
  type ResponseCache,
  type ToolDefinition,
  type PortOptions,
} from "./port.js";
export {
  normMessage,
  responseFromMessage,
  messageFromResponse,
  textOf,
  ModelResponse,
  NormMessage,
  type ToolCallNorm,
  type InvalidToolCall,
} from "./messages.js";
export { RequestHasher, hashNormRequest, type GenerationSettings } from "./request-hash.js";
export { describeRequestDiff } from "./request-diff.js";
export { priceOf, costOf, PRICE_TABLE, PRICES_CHECKED, type Price } from "./prices.js";
export { estimateTokens } from "./tokens.js";
export { StreamingChatModel, IncompleteResponseError } from "./streaming.js";
export { SimChatModel } from "./sim/chat-model.js";
export type { SimAction, SimCall, SimPlaybook, SimStep, SimView } from "./sim/playbook.js";
export { NeverCalledChatModel } from "./never-model.js";
export {
  resolveConnection,
  providerProblems,
  isRealProvider,
  envNamesOf,
  providerOptionsFromEnv,
  OPTION_ENV,
  DEFAULT_TIMEOUT_MS,
  connectionOf,
  type Connection,
  type ProviderOptions,
} from "./providers/index.js";
export { allProviders, findProvider, providerEntry, registerProvider, type ChatInput, type ProviderEntry } from "./providers/index.js";
export { runPreflight, type PreflightInput } from "./preflight.js";
export { checkModel, type ModelCheckResult } from "./check.js";
export { usageByCell, type CellUsage } from "./usage.js";
export { allowedHosts, checkBaseUrlConsent } from "./consent.js";
export { identityBaseUrl } from "./providers/index.js";
