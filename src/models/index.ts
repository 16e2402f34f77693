// Models: the provider factory, the sim agents, the governor and the recording model port.
export { makeChatModel, type ChatModelRequest } from "./factory.js";
export { Governor, retryDelayOf, type GovernorOptions } from "./governor.js";
export { ModelPort, ReplayDivergedError, type CallRecorder, type ModelCallRecord, type RecordedCall, type ReplaySource, type RequestDelta, type ResponseCache, type ToolDefinition, type PortOptions } from "./port.js";
export { normMessage, responseFromMessage, messageFromResponse, textOf, ModelResponse, NormMessage, type ToolCallNorm } from "./messages.js";
export { RequestHasher, hashNormRequest, type GenerationSettings } from "./request-hash.js";
export { describeRequestDiff } from "./request-diff.js";
export { priceOf, costOf, PRICE_TABLE, type Price } from "./prices.js";
export { estimateTokens } from "./tokens.js";
export { SimChatModel } from "./sim/chat-model.js";
export { NeverCalledChatModel } from "./never-model.js";
