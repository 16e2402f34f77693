// Recording a judge's calls into a finished attempt's event log: events continue the attempt's hash
// chain after its last event (the episode's digest, taken at episode_end, is unchanged), and each
// call also lands in model_calls, so judge usage and cost are counted like every other role's.
import { eventHash } from "../episode/recorder.js";
import type { CallRecorder, ModelCallRecord } from "../models/index.js";
import type { EventKind, Store } from "../store/index.js";

export class AppendRecorder implements CallRecorder {
  private seq: number;
  private prevHash: string;
  private pending: { seq: number; kind: EventKind; role: string | null; payload: unknown; meta: unknown; hash: string }[] = [];
  private calls: (ModelCallRecord & { seq: number })[] = [];

  constructor(
    private readonly store: Store | null,
    readonly episodeId: string,
    readonly attempt: number,
    last: { seq: number; hash: string },
  ) {
    this.seq = last.seq;
    this.prevHash = last.hash;
  }

  emit(kind: EventKind, role: string | null, payload: unknown, meta: unknown = null): number {
    const seq = ++this.seq;
    const hash = eventHash(this.prevHash, { seq, kind, role, payload });
    this.prevHash = hash;
    this.pending.push({ seq, kind, role, payload, meta, hash });
    return seq;
  }

  /** Judge prompts are new messages, never earlier events: deltas carry them inline. */
  refOf(): number | undefined {
    return undefined;
  }

  recordModelCall(call: ModelCallRecord): string {
    const { meta, ...payload } = call;
    const seq = this.emit("model_call", call.role, payload, meta);
    this.calls.push({ ...call, seq });
    return `m${seq}`;
  }

  flush(): void {
    if (!this.store || (this.pending.length === 0 && this.calls.length === 0)) return;
    const events = this.pending;
    const calls = this.calls;
    this.pending = [];
    this.calls = [];
    const store = this.store;
    store.transaction(() => {
      store.appendEvents(events.map((e) => ({ episode_id: this.episodeId, attempt: this.attempt, ...e })));
      for (const c of calls) {
        store.putModelCall({
          episode_id: this.episodeId,
          attempt: this.attempt,
          seq: c.seq,
          role: c.role,
          provider: c.provider,
          model: c.model,
          request_hash: c.request_hash,
          response: c.response,
          input_tokens: c.response.usage.input_tokens,
          output_tokens: c.response.usage.output_tokens,
          latency_ms: c.meta.latency_ms,
          cost_usd: c.meta.cost_usd,
          cache_hit: c.meta.cache_hit,
          retries: c.meta.retries,
        });
      }
    });
  }
}
