// The model port: how an episode calls a model for one role. It hashes the normalised request, serves
// a recorded response where a recording is being replayed (failing closed on any difference), and
// otherwise calls the chat model through the governor. Every call is recorded.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import { PeerlabError } from "../errors.js";
import type { ProviderRef } from "../spec/index.js";
import type { Role } from "../spec/index.js";
import { hashOf } from "../util/index.js";
import type { Clock } from "../util/index.js";
import type { Governor } from "./governor.js";
import { messageFromResponse, normMessage, responseFromMessage, type ModelResponse, type NormMessage } from "./messages.js";
import { costOf, type Price } from "./prices.js";
import { connectionOf } from "./providers/attached.js";
import { describeRequestDiff } from "./request-diff.js";
import { RequestHasher, type GenerationSettings } from "./request-hash.js";
import { providerEntry } from "./providers/registry.js";
import { toWire } from "./wire.js";
import { estimateTokens } from "./tokens.js";

/** A tool as the model sees it (OpenAI function format, which every LangChain chat model accepts). */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Messages new since the role's previous call: references to earlier events, or inline. */
export interface RequestDelta {
  from: number;
  messages: ({ ref: number } | NormMessage)[];
}

export interface ModelCallRecord {
  role: Role;
  provider: string;
  model: string;
  request_hash: string;
  delta: RequestDelta;
  response: ModelResponse;
  meta: { latency_ms: number; retries: number; cost_usd: number; cache_hit: boolean; replayed: boolean };
}

export interface CallRecorder {
  refOf(messageId: string | undefined): number | undefined;
  /** Record the call; returns the id to give the response message. */
  recordModelCall(call: ModelCallRecord): string;
  /** Run a store write with the recorder's next write (one transaction instead of two); absent: the port writes at once. */
  withNextWrite?(write: () => void): void;
}

export interface RecordedCall {
  /** 1-based index among the recording's model calls (all roles). */
  step: number;
  role: Role;
  provider: string;
  model: string;
  request_hash: string;
  response: ModelResponse;
  messages: NormMessage[];
}

export interface ReplaySource {
  next(role: Role): RecordedCall | undefined;
  /** When true, a call past the end of the recording is a divergence rather than a live call. */
  readonly strict: boolean;
  /** Calls served so far (all roles). */
  readonly served: number;
}

export interface ResponseCache {
  get(key: string): ModelResponse | undefined;
  put(key: string, response: ModelResponse): void;
}

export class ReplayDivergedError extends PeerlabError {
  constructor(
    readonly step: number,
    readonly role: Role,
    readonly diff: string,
  ) {
    super("REPLAY_DIVERGED", `replay diverged at model call ${step} (${role}): ${diff}`, { step, role, diff });
  }
}

export interface PortOptions {
  role: Role;
  provider: ProviderRef;
  chat: BaseChatModel;
  tools: ToolDefinition[];
  settings: GenerationSettings;
  recorder: CallRecorder;
  governor: Governor;
  clock: Clock;
  replay?: ReplaySource;
  /** The response cache; answers are shared only within one cell (`scope`) and one trial index. */
  cache?: { store: ResponseCache; trial: number; scope: string };
  price: Price | null;
  /** Provider key for the governor's concurrency limit (default: the one the factory attached to `chat`). */
  key?: string;
  signal?: AbortSignal;
}

export class ModelPort {
  private readonly bound: { invoke(messages: BaseMessage[], options?: { signal?: AbortSignal }): Promise<AIMessage> };
  private readonly hasher: RequestHasher;
  private readonly toolsHash: string;
  private prev: readonly BaseMessage[] = [];
  private calls = 0;

  constructor(private readonly o: PortOptions) {
    this.bound = (o.tools.length && o.chat.bindTools ? o.chat.bindTools(o.tools) : o.chat) as never;
    this.toolsHash = hashOf(o.tools);
    this.hasher = new RequestHasher(this.toolsHash, o.settings);
  }

  get role(): Role {
    return this.o.role;
  }

  async call(messages: BaseMessage[]): Promise<AIMessage> {
    const o = this.o;
    const req = this.hasher.hash(messages);
    const delta = this.deltaOf(messages);
    this.calls++;
    const recorded = o.replay?.next(o.role);
    let response: ModelResponse;
    let meta: ModelCallRecord["meta"];
    if (recorded) {
      if (recorded.request_hash !== req.hash) throw new ReplayDivergedError(recorded.step, o.role, describeRequestDiff(recorded.messages, req.messages));
      response = recorded.response;
      meta = { latency_ms: 0, retries: 0, cost_usd: costOf(o.price, response.usage), cache_hit: false, replayed: true };
    } else if (o.replay?.strict) {
      throw new ReplayDivergedError(o.replay.served + 1, o.role, "the replay asks for a model call that the recording does not have");
    } else {
      // Free, deterministic agents (sim) are not cached (their entry says): that would only grow the database.
      const cacheKey =
        o.cache && providerEntry(o.provider.kind).cached
          ? hashOf({ role: o.role, provider: o.provider.id, request: req.hash, trial: o.cache.trial, scope: o.cache.scope })
          : null;
      const cached = cacheKey ? o.cache!.store.get(cacheKey) : undefined;
      if (cached) {
        response = cached;
        meta = { latency_ms: 0, retries: 0, cost_usd: 0, cache_hit: true, replayed: false };
      } else {
        const started = o.clock.now().getTime();
        const conn = connectionOf(o.chat);
        const wire = toWire(messages, o.provider.kind);
        const { value, retries } = await o.governor.run(
          {
            key: o.key ?? conn?.limitKey ?? o.provider.id,
            role: o.role,
            label: `${req.hash}:${this.calls}`,
            signal: o.signal,
            name: conn ? `${o.provider.id} (${conn.label})` : o.provider.id,
            secrets: conn?.secrets,
            remote: conn !== undefined,
            tokens: () => estimateTokens(JSON.stringify(req.messages)),
            maxOutputTokens: o.settings.max_tokens,
            usedTokens: (m) => (m.usage_metadata ? m.usage_metadata.input_tokens + m.usage_metadata.output_tokens : null),
          },
          () => this.bound.invoke(wire, { signal: o.signal }),
        );
        response = responseFromMessage(value);
        meta = { latency_ms: o.clock.now().getTime() - started, retries, cost_usd: costOf(o.price, response.usage), cache_hit: false, replayed: false };
        o.governor.account(o.role, response.usage, meta.cost_usd);
        if (cacheKey) {
          const cache = o.cache!.store;
          const put = () => cache.put(cacheKey, response);
          if (o.recorder.withNextWrite) o.recorder.withNextWrite(put);
          else put();
        }
      }
    }
    // A served call keeps the identity of the model that answered it when it was recorded.
    const provider = recorded?.provider ?? o.provider.kind;
    const model = recorded?.model ?? o.provider.model;
    const id = o.recorder.recordModelCall({ role: o.role, provider, model, request_hash: req.hash, delta, response, meta });
    return messageFromResponse(response, id);
  }

  private deltaOf(messages: readonly BaseMessage[]): RequestDelta {
    let from = 0;
    while (from < this.prev.length && from < messages.length && this.prev[from] === messages[from]) from++;
    this.prev = [...messages];
    return {
      from,
      messages: messages.slice(from).map((m) => {
        const ref = this.o.recorder.refOf(m.id);
        return ref === undefined ? normMessage(m) : { ref };
      }),
    };
  }
}
