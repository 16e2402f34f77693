// sim: the built-in scripted agents (SIM_POLICIES). They validate the harness; their results are never
// model findings. In process, free, deterministic for a seed, never cached.
import type { SimPolicy } from "../../spec/index.js";
import { SimChatModel } from "../sim/chat-model.js";
import { BUILTIN_FAMILIES } from "./families.js";
import type { ProviderEntry } from "./types.js";

export const simProvider = {
  kind: "sim",
  description: "scripted agents that validate the harness (sim:<policy>); never model findings",
  connection: null,
  takesSpecBaseUrl: false,
  simulated: true,
  free: true,
  cached: false,
  family: BUILTIN_FAMILIES.sim,
  chat: ({ req }) =>
    new SimChatModel({
      policy: req.provider.model as SimPolicy,
      role: req.role,
      seed: req.seed,
      scenario: req.scenario,
      playbook: req.playbook,
      delayMs: req.simDelayMs,
    }),
  wire: null,
} satisfies ProviderEntry;
