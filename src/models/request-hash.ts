// The request hash: a digest of everything a model is asked (messages, tools, generation settings),
// never message ids. Messages are chained incrementally, so hashing stays linear over an episode.
import type { BaseMessage } from "@langchain/core/messages";
import { canonicalJson, hashOf, sha256 } from "../util/index.js";
import { normMessage, type NormMessage } from "./messages.js";

export interface GenerationSettings {
  temperature?: number;
  max_tokens?: number;
  seed?: number;
}

export interface HashedRequest {
  hash: string;
  /** Per-message chain hashes; the first difference between two requests is where they diverge. */
  chain: string[];
  messages: NormMessage[];
}

export class RequestHasher {
  private ids: (string | undefined)[] = [];
  private msgs: BaseMessage[] = [];
  private norms: NormMessage[] = [];
  private chain: string[] = [];

  constructor(
    private readonly toolsHash: string,
    private readonly settings: GenerationSettings,
  ) {}

  hash(messages: readonly BaseMessage[]): HashedRequest {
    let i = 0;
    while (i < messages.length && i < this.msgs.length && this.msgs[i] === messages[i] && this.ids[i] === messages[i]!.id) i++;
    this.msgs.length = i;
    this.ids.length = i;
    this.norms.length = i;
    this.chain.length = i;
    for (; i < messages.length; i++) {
      const m = messages[i]!;
      const norm = normMessage(m);
      const prev = i === 0 ? "" : this.chain[i - 1]!;
      this.msgs.push(m);
      this.ids.push(m.id);
      this.norms.push(norm);
      this.chain.push(sha256(prev + "\n" + canonicalJson(norm)));
    }
    const hash = hashOf({ tools: this.toolsHash, settings: this.settings, messages: this.chain.at(-1) ?? "", n: this.chain.length });
    return { hash, chain: [...this.chain], messages: [...this.norms] };
  }
}

/** The same hash computed from already-normalised messages (for recorded requests). */
export function hashNormRequest(toolsHash: string, settings: GenerationSettings, messages: readonly NormMessage[]): HashedRequest {
  const chain: string[] = [];
  for (const norm of messages) chain.push(sha256((chain.at(-1) ?? "") + "\n" + canonicalJson(norm)));
  return { hash: hashOf({ tools: toolsHash, settings, messages: chain.at(-1) ?? "", n: chain.length }), chain, messages: [...messages] };
}
