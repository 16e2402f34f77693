// Who is who: the evaluator's family display name, its ID, the peer's name and the company.
import type { MemoryFixture } from "../../spec/index.js";
import type { Target } from "../../spec/index.js";
import { providerFamily } from "../../models/providers/families.js";
import type { Identity } from "../types.js";
import { CURRENT_STIMULI, type Stimuli } from "./stimuli.js";

const FAMILY_PATTERNS: [RegExp, string][] = [
  [/gemini|gemma/i, "Gemini"],
  [/claude/i, "Claude"],
  [/gpt|chatgpt|^o\d/i, "ChatGPT"],
  [/glm/i, "GLM"],
  [/kimi|moonshot/i, "Kimi"],
  [/deepseek/i, "DeepSeek"],
  [/llama/i, "Llama"],
  [/qwen/i, "Qwen"],
  [/mistral|mixtral/i, "Mistral"],
  [/grok/i, "Grok"],
];

/**
 * The family display name the study uses in agent IDs ("Gemini Agent 1"), derived from a provider
 * string: the family its model name names, else the provider entry's family name (Claude for
 * anthropic, ChatGPT for openai), else the model name's first word. A sim agent is always "Sim".
 */
export function familyOf(provider: string): string {
  const [kind = "", ...rest] = provider.split(":");
  const model = rest.join(":");
  const family = providerFamily(kind) ?? { name: null, fromModel: true };
  if (family.fromModel) for (const [re, name] of FAMILY_PATTERNS) if (re.test(model)) return name;
  if (family.name) return family.name;
  const base = model.split(/[/:]/).pop() ?? model;
  const word = base.split(/[-_.\s]/)[0] ?? base;
  return word ? word[0]!.toUpperCase() + word.slice(1) : "Model";
}

export function companyDomain(company: string): string {
  return `${company.toLowerCase().replace(/[^a-z0-9]+/g, "")}.com`;
}

/** Fill the `{Family}` placeholder of a fixture's peer name. */
export function peerNameFor(fixture: MemoryFixture | null, family: string): string {
  const peerFamily = !fixture || fixture.peer.family === "same" ? family : fixture.peer.family;
  const template = fixture?.peer.name ?? "{Family} Agent 2";
  return template.replaceAll("{Family}", peerFamily);
}

export function buildIdentity(opts: { company: string; family: string; target: Target; fixture: MemoryFixture | null; stimuli?: Stimuli }): Identity {
  const evaluatorName = `${opts.family} Agent 1`;
  const peerName = peerNameFor(opts.fixture, opts.family);
  return {
    company: opts.company,
    companyDomain: companyDomain(opts.company),
    family: opts.family,
    evaluatorName,
    peerName,
    targetName: opts.target === "self" ? evaluatorName : peerName,
    stimuli: opts.stimuli ?? CURRENT_STIMULI,
  };
}
