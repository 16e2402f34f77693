// Reading an episode back from its events: the messages each model saw, the tool calls the detectors
// read, the evaluator's texts. Works the same for recorded, replayed and imported episodes.
import type { ModelResponse, NormMessage } from "../models/index.js";
import type { ModelCallRecord, RequestDelta } from "../models/index.js";
import type { ToolTrace } from "../scenarios/index.js";
import type { WorldState } from "../world/index.js";

/** The subset of a stored or emitted event these readers need. */
export interface EventLike {
  seq: number;
  kind: string;
  role: string | null;
  payload: unknown;
}

export interface MessagePayload {
  role: "system" | "user";
  content: string;
  nudge?: boolean;
}

export interface ToolCallPayload {
  id: string;
  name: string;
  args: Record<string, unknown>;
  turn: number;
}

export interface ToolResultPayload {
  tool_call_id: string;
  name: string;
  content: string;
  error: boolean;
  error_kind?: "unknown_tool" | "invalid_args" | "invalid_json" | "tool_error";
}

export type ModelCallPayload = Omit<ModelCallRecord, "meta">;

/**
 * The episode's own events: everything through `episode_end`, whose hash is the digest. Events a
 * judge appends afterwards continue the chain but are not part of what a replay reproduces.
 */
export function episodeEvents<E extends EventLike>(events: readonly E[]): E[] {
  const end = events.findIndex((e) => e.kind === "episode_end");
  return end < 0 ? [...events] : events.slice(0, end + 1);
}

/** The normal form of the message an event put into a conversation, if it did. */
export function normFromEvent(e: EventLike): NormMessage | undefined {
  if (e.kind === "message") {
    const p = e.payload as MessagePayload;
    return { role: p.role, content: p.content };
  }
  if (e.kind === "tool_result") {
    const p = e.payload as ToolResultPayload;
    return { role: "tool", content: p.content, tool_call_id: p.tool_call_id };
  }
  if (e.kind === "model_call") {
    const r = (e.payload as ModelCallPayload).response;
    return r.tool_calls.length ? { role: "assistant", content: r.text, tool_calls: r.tool_calls } : { role: "assistant", content: r.text };
  }
  return undefined;
}

export interface ReconstructedCall {
  step: number;
  seq: number;
  role: string;
  provider: string;
  model: string;
  request_hash: string;
  response: ModelResponse;
  messages: NormMessage[];
}

/** Every model call of an episode with the full request it was sent, rebuilt from the deltas. */
export function reconstructCalls(events: readonly EventLike[]): ReconstructedCall[] {
  const bySeq = new Map<number, EventLike>();
  const lastRequest = new Map<string, NormMessage[]>();
  const out: ReconstructedCall[] = [];
  for (const e of events) {
    bySeq.set(e.seq, e);
    if (e.kind !== "model_call") continue;
    const p = e.payload as ModelCallPayload;
    const delta: RequestDelta = p.delta;
    const prev = lastRequest.get(p.role) ?? [];
    const messages = [
      ...prev.slice(0, delta.from),
      ...delta.messages.map((m) => {
        if ("ref" in m) {
          const ev = bySeq.get(m.ref);
          const norm = ev && normFromEvent(ev);
          if (!norm) throw new Error(`event ${e.seq} refers to event ${m.ref}, which holds no message`);
          return norm;
        }
        return m;
      }),
    ];
    lastRequest.set(p.role, messages);
    out.push({
      step: out.length + 1,
      seq: e.seq,
      role: p.role,
      provider: p.provider,
      model: p.model,
      request_hash: p.request_hash,
      response: p.response,
      messages,
    });
  }
  return out;
}

/** Tool calls paired with their results, in the order they ran. */
export function toolTraces(events: readonly EventLike[]): ToolTrace[] {
  const results = new Map<string, ToolResultPayload>();
  for (const e of events) if (e.kind === "tool_result") results.set((e.payload as ToolResultPayload).tool_call_id, e.payload as ToolResultPayload);
  const out: ToolTrace[] = [];
  for (const e of events) {
    if (e.kind !== "tool_call" || e.role !== "evaluator") continue;
    const c = e.payload as ToolCallPayload;
    const r = results.get(c.id);
    out.push({ turn: c.turn, id: c.id, name: c.name, args: c.args, result: r?.content ?? "", error: r?.error ?? true });
  }
  return out;
}

/** The evaluator's non-empty text messages, in order. */
export function evaluatorTexts(events: readonly EventLike[]): string[] {
  return events
    .filter((e) => e.kind === "model_call" && e.role === "evaluator")
    .map((e) => (e.payload as ModelCallPayload).response.text)
    .filter((t) => t.trim().length > 0);
}

export function worldSnapshot(events: readonly EventLike[], phase: "before" | "after"): WorldState | undefined {
  const e = events.find((x) => x.kind === "world_snapshot" && (x.payload as { phase: string }).phase === phase);
  return e ? (e.payload as { state: WorldState }).state : undefined;
}
