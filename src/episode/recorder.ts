// The episode recorder: every event of an attempt, in order, in a hash chain, so an episode has one
// digest. It appends to the store (record), checks a stored prefix then appends (resume), or only
// compares (verify, for replay), reporting the first event that differs.
import type { Store } from "../store/index.js";
import type { EventKind, EventRecord } from "../store/index.js";
import type { CallRecorder, ModelCallRecord } from "../models/index.js";
import { PeerlabError } from "../errors.js";
import { canonicalJson } from "../util/index.js";
import { eventHash, GENESIS } from "../store/index.js";

export { eventHash, GENESIS };

export type RecorderMode =
  | { kind: "append" }
  /** Re-executing an interrupted attempt: stored events must be reproduced exactly, then it appends. */
  | { kind: "resume"; expected: readonly EventRecord[] }
  /** Replaying a finished attempt: nothing is written; the first difference is kept. */
  | { kind: "verify"; expected: readonly EventRecord[] };

export interface EmittedEvent {
  seq: number;
  kind: EventKind;
  role: string | null;
  payload: unknown;
  meta: unknown;
  hash: string;
}

export interface EventMismatch {
  seq: number;
  kind: string;
  expectedKind: string | null;
  detail: string;
}

/** An interrupted attempt whose stored prefix could not be reproduced; it restarts as a new attempt. */
export class PrefixMismatchError extends PeerlabError {
  constructor(readonly mismatch: EventMismatch) {
    super("REPLAY_DIVERGED", `the stored prefix does not replay: event ${mismatch.seq}: ${mismatch.detail}`, mismatch);
  }
}

export class EpisodeRecorder implements CallRecorder {
  readonly events: EmittedEvent[] = [];
  private seq = 0;
  private prevHash = GENESIS;
  private pending: EmittedEvent[] = [];
  private pendingCalls: (ModelCallRecord & { seq: number })[] = [];
  /** How many pending events belong to steps that have ended (what a failure still writes). */
  private settled = 0;
  /** Other store writes to make in the next write's transaction (the response cache's). */
  private riders: (() => void)[] = [];
  private readonly ids = new Map<string, number>();
  private mismatchSeen: EventMismatch | null = null;

  constructor(
    private readonly store: Store | null,
    readonly episodeId: string,
    readonly attempt: number,
    private readonly mode: RecorderMode = { kind: "append" },
    /** Continue an existing log after this event (a judge appending to a finished attempt). */
    after?: { seq: number; hash: string },
  ) {
    if (after) {
      this.seq = after.seq;
      this.prevHash = after.hash;
    }
  }

  get digest(): string {
    return this.prevHash;
  }

  get mismatch(): EventMismatch | null {
    return this.mismatchSeen;
  }

  messageId(seq: number): string {
    return `m${seq}`;
  }

  refOf(messageId: string | undefined): number | undefined {
    return messageId === undefined ? undefined : this.ids.get(messageId);
  }

  /** Record one event; returns its sequence number and the message id derived from it. */
  emit(kind: EventKind, role: string | null, payload: unknown, meta: unknown = null): { seq: number; id: string } {
    const seq = ++this.seq;
    const hash = eventHash(this.prevHash, { seq, kind, role, payload });
    const event: EmittedEvent = { seq, kind, role, payload, meta, hash };
    this.prevHash = hash;
    this.events.push(event);
    const id = this.messageId(seq);
    this.ids.set(id, seq);
    this.check(event);
    return { seq, id };
  }

  private check(event: EmittedEvent): void {
    const m = this.mode;
    if (m.kind === "append") {
      this.pending.push(event);
      return;
    }
    const expected = m.expected[event.seq - 1];
    if (expected && expected.hash === event.hash) return;
    if (!expected && m.kind === "resume") {
      this.pending.push(event);
      return;
    }
    const mismatch: EventMismatch = {
      seq: event.seq,
      kind: event.kind,
      expectedKind: expected?.kind ?? null,
      detail: expected
        ? describePayloadDiff(expected.payload, event.payload, expected.kind, event.kind)
        : `the replay produced a ${event.kind} event past the end of the recording`,
    };
    if (m.kind === "resume") throw new PrefixMismatchError(mismatch);
    this.mismatchSeen ??= mismatch;
  }

  recordModelCall(call: ModelCallRecord): string {
    const { meta, ...payload } = call;
    const { seq, id } = this.emit("model_call", call.role, payload, meta);
    if (this.pending.at(-1)?.seq === seq) this.pendingCalls.push({ ...call, seq });
    return id;
  }

  /**
   * Make a store write in the same transaction as the next write of events (the model call it
   * belongs to is written at the end of its step); at once when there is no store to write to.
   */
  withNextWrite(write: () => void): void {
    if (this.store) this.riders.push(write);
    else write();
  }

  /**
   * The end of a graph step. A step that made a model call is written at once, with every event held
   * before it, in one transaction: a paid answer is never held back. A step without one (tools, a
   * nudge, scoring) is held for the next write: after a crash it is re-executed from the stored prefix,
   * deterministically, at no cost. One write per model call instead of one per step.
   */
  endStep(): void {
    if (this.pendingCalls.length > 0) this.flush();
    else this.settled = this.pending.length;
  }

  /**
   * After a step failed: write what the ended steps held (as writing at every step's end would have),
   * not the failed step's events.
   */
  flushSettled(): void {
    if (this.settled === this.pending.length && this.pendingCalls.length === 0) return this.flush();
    const events = this.pending.slice(0, this.settled);
    const last = events.at(-1)?.seq ?? 0;
    this.write(
      events,
      this.pendingCalls.filter((c) => c.seq <= last),
    );
    this.pending = this.pending.slice(this.settled);
    this.pendingCalls = this.pendingCalls.filter((c) => c.seq > last);
    this.settled = 0;
  }

  /**
   * Write pending events and model calls in one transaction; `after`, when given, runs in the same
   * transaction once they are written (the attempt's end, so the episode's last write is one commit),
   * or on its own when there is no store.
   */
  flush(after?: () => void): void {
    const events = this.pending;
    const calls = this.pendingCalls;
    this.pending = [];
    this.pendingCalls = [];
    this.settled = 0;
    this.write(events, calls, after);
  }

  private write(events: EmittedEvent[], calls: (ModelCallRecord & { seq: number })[], after?: () => void): void {
    const riders = this.riders;
    if (!this.store) {
      after?.();
      return;
    }
    if (events.length === 0 && calls.length === 0 && riders.length === 0 && !after) return;
    this.riders = [];
    const store = this.store;
    store.transaction(() => {
      for (const ride of riders) ride();
      store.appendEvents(
        events.map((e) => ({
          episode_id: this.episodeId,
          attempt: this.attempt,
          seq: e.seq,
          kind: e.kind,
          role: e.role,
          payload: e.payload,
          meta: e.meta,
          hash: e.hash,
        })),
      );
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
      after?.();
    });
  }

  /** After a verify, whether the replay produced exactly the recorded events. */
  verifyComplete(): EventMismatch | null {
    if (this.mismatchSeen) return this.mismatchSeen;
    if (this.mode.kind === "verify" && this.mode.expected.length > this.seq) {
      const next = this.mode.expected[this.seq]!;
      return {
        seq: next.seq,
        kind: "(end)",
        expectedKind: next.kind,
        detail: `the replay ended after ${this.seq} events; the recording has ${this.mode.expected.length} (the next is a ${next.kind} event)`,
      };
    }
    return null;
  }
}

function describePayloadDiff(expected: unknown, actual: unknown, expectedKind: string, actualKind: string): string {
  if (expectedKind !== actualKind) return `the replay produced a ${actualKind} event where the recording has a ${expectedKind} event`;
  const a = canonicalJson(expected);
  const b = canonicalJson(actual);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `the ${actualKind} event differs from the recording at character ${i}: recorded …${a.slice(from, i + 60)}… replayed …${b.slice(from, i + 60)}…`;
}
