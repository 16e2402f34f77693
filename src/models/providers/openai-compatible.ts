// openai-compatible: any server speaking OpenAI's chat completions (vLLM, Ollama, OpenRouter, Gemini's
// endpoint). Its base URL comes from the spec's base_url or the environment; a key only if it needs one.
import { connectionFor, openaiChat } from "./openai.js";
import { BUILTIN_FAMILIES } from "./families.js";
import type { ProviderEntry } from "./types.js";
import { openaiWire } from "./wire-formats.js";

export const openaiCompatibleProvider = {
  kind: "openai-compatible",
  description: "any server speaking OpenAI's chat completions (vLLM, Ollama, OpenRouter, …); unseeded",
  connection: { key: "OPENAI_COMPATIBLE_API_KEY", keyRequired: false, baseUrl: "OPENAI_COMPATIBLE_BASE_URL", defaultBaseUrl: null },
  takesSpecBaseUrl: true,
  simulated: false,
  free: false,
  cached: true,
  family: BUILTIN_FAMILIES["openai-compatible"],
  // Servers differ on seeds (Gemini's endpoint rejects the field), so none is sent.
  chat: ({ req, conn, options }) =>
    openaiChat(connectionFor(conn, "openai-compatible"), req.settings, options, req.seed, { seeded: false, completionsOnly: true }),
  wire: openaiWire,
} satisfies ProviderEntry;
