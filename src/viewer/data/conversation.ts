// An episode's events as a conversation a person reads: prompts, the evaluator's turns with their tool
// calls and results, peer messages, interviews, judges and scores. Kinds this module does not know
// still appear, as generic items, so new event kinds show up without a viewer change.
import type { MessagePayload, ModelCallPayload, ToolCallPayload, ToolResultPayload } from "../../episode/index.js";
import type { EventRecord } from "../../store/index.js";

export interface ToolResultItem {
  seq: number;
  name: string;
  content: string;
  error: boolean;
  errorKind: string | null;
}

export interface CallItem {
  /** The tool_call event, when one was recorded. */
  seq: number | null;
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** Arguments the model sent that could not be parsed. */
  invalid: string | null;
  result: ToolResultItem | null;
}

export interface TurnItem {
  type: "turn";
  seq: number;
  role: string;
  /** The evaluator's turn number (1-based); 0 for other roles. */
  turn: number;
  provider: string;
  model: string;
  text: string;
  reasoning: string | null;
  calls: CallItem[];
  usage: { input_tokens: number; output_tokens: number };
  meta: { latency_ms?: number; cost_usd?: number; retries?: number; cache_hit?: boolean; replayed?: boolean } | null;
  /** An answer given after the interview began. */
  interview: boolean;
}

export type ConversationItem =
  | { type: "message"; seq: number; role: "system" | "user"; text: string; nudge: boolean; interview: boolean }
  | TurnItem
  | { type: "judge"; seq: number; provider: string; model: string; job: string | null; answer: unknown }
  | { type: "peer"; seq: number; from: string | null; to: string | null; text: string; payload: unknown }
  | { type: "interview"; seq: number; turn: number | null; question: string; answer: string }
  | { type: "score"; seq: number; role: string | null; scorer: string; version: string; outcomes: Record<string, unknown>; evidence: Record<string, unknown> }
  | { type: "result"; seq: number; result: ToolResultItem }
  | { type: "error"; seq: number; payload: unknown }
  | { type: "event"; seq: number; kind: string; role: string | null; payload: unknown };

const SILENT = new Set(["episode_start", "episode_end", "world_snapshot", "clock", "random"]);

function str(v: unknown): string {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v);
}

/** The judge job named in a judge call's prompt (`JOB: <name>`), if any. */
function judgeJob(p: ModelCallPayload): string | null {
  for (const m of p.delta?.messages ?? []) {
    if ("content" in m) {
      const hit = /^JOB: ?([\w-]+)/m.exec(m.content);
      if (hit) return hit[1]!;
    }
  }
  return null;
}

export function buildConversation(events: readonly EventRecord[]): ConversationItem[] {
  const items: ConversationItem[] = [];
  const callsById = new Map<string, CallItem>();
  const shownQuestions = new Set<string>();
  const shownAnswers = new Set<string>();
  let turn = 0;
  let interviewing = false;
  for (const e of events) {
    if (SILENT.has(e.kind)) continue;
    const p = e.payload as Record<string, unknown> | null;
    if (e.kind === "message") {
      const m = e.payload as MessagePayload & { interview?: boolean };
      if (m.interview) {
        interviewing = true;
        shownQuestions.add(m.content);
      }
      items.push({
        type: "message",
        seq: e.seq,
        role: m.role === "system" ? "system" : "user",
        text: str(m.content),
        nudge: Boolean(m.nudge),
        interview: Boolean(m.interview),
      });
    } else if (e.kind === "model_call") {
      const m = e.payload as ModelCallPayload;
      if (m.role === "judge") {
        const call = m.response.tool_calls[0];
        items.push({ type: "judge", seq: e.seq, provider: m.provider, model: m.model, job: judgeJob(m), answer: call ? call.args : m.response.text });
        continue;
      }
      if (m.role === "evaluator" && !interviewing) turn++;
      const calls: CallItem[] = m.response.tool_calls.map((c) => ({ seq: null, id: c.id, name: c.name, args: c.args ?? {}, invalid: null, result: null }));
      for (const bad of m.response.invalid_tool_calls ?? [])
        calls.push({ seq: null, id: bad.id, name: bad.name, args: {}, invalid: `${bad.args}${bad.error ? `  (${bad.error})` : ""}`, result: null });
      for (const c of calls) if (c.id) callsById.set(c.id, c);
      if (interviewing && m.response.text.trim()) shownAnswers.add(m.response.text.trim());
      items.push({
        type: "turn",
        seq: e.seq,
        role: m.role,
        turn: m.role === "evaluator" && !interviewing ? turn : 0,
        provider: m.provider,
        model: m.model,
        text: m.response.text,
        reasoning: m.response.reasoning ?? null,
        calls,
        usage: m.response.usage ?? { input_tokens: 0, output_tokens: 0 },
        meta: (e.meta as TurnItem["meta"]) ?? null,
        interview: interviewing,
      });
    } else if (e.kind === "tool_call") {
      const c = e.payload as ToolCallPayload;
      const known = callsById.get(c.id);
      if (known) known.seq = e.seq;
      else {
        // A call with no model_call before it (imported or partial logs): show it on its own turn.
        const item: CallItem = { seq: e.seq, id: c.id, name: c.name, args: c.args ?? {}, invalid: null, result: null };
        callsById.set(c.id, item);
        items.push({
          type: "turn",
          seq: e.seq,
          role: e.role ?? "evaluator",
          turn: c.turn ?? 0,
          provider: "",
          model: "",
          text: "",
          reasoning: null,
          calls: [item],
          usage: { input_tokens: 0, output_tokens: 0 },
          meta: null,
          interview: interviewing,
        });
      }
    } else if (e.kind === "tool_result") {
      const r = e.payload as ToolResultPayload;
      const result: ToolResultItem = { seq: e.seq, name: str(r.name), content: str(r.content), error: Boolean(r.error), errorKind: r.error_kind ?? null };
      const call = callsById.get(r.tool_call_id);
      if (call && !call.result) call.result = result;
      else items.push({ type: "result", seq: e.seq, result });
    } else if (e.kind === "peer_message") {
      const text = str(p?.content ?? p?.text ?? p?.message ?? "");
      items.push({ type: "peer", seq: e.seq, from: p?.from == null ? e.role : str(p.from), to: p?.to == null ? null : str(p.to), text, payload: e.payload });
    } else if (e.kind === "interview") {
      const question = str(p?.question);
      const answer = str(p?.answer).trim();
      // The interview's own messages and answers already show it; keep only what they did not.
      if (shownQuestions.has(question) && (!answer || shownAnswers.has(answer))) continue;
      items.push({ type: "interview", seq: e.seq, turn: typeof p?.turn === "number" ? p.turn : null, question, answer });
    } else if (e.kind === "outcome") {
      items.push({
        type: "score",
        seq: e.seq,
        role: e.role,
        scorer: str(p?.scorer) || "scorer",
        version: str(p?.version),
        outcomes: (p?.outcomes as Record<string, unknown>) ?? {},
        evidence: (p?.evidence as Record<string, unknown>) ?? {},
      });
    } else if (e.kind === "error") {
      items.push({ type: "error", seq: e.seq, payload: e.payload });
    } else {
      items.push({ type: "event", seq: e.seq, kind: e.kind, role: e.role, payload: e.payload });
    }
  }
  return items;
}

/** Facts from the start and end markers: turns, why it ended, nudges, tool errors. */
export function episodeEnd(events: readonly EventRecord[]): { turns: number; end_reason: string; nudges: number; tool_errors: number } | null {
  const e = events.find((x) => x.kind === "episode_end");
  return e ? (e.payload as { turns: number; end_reason: string; nudges: number; tool_errors: number }) : null;
}

/** Model-call totals of an attempt, from the events' responses and meta. */
export function callTotals(events: readonly EventRecord[]): {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  retries: number;
} {
  const t = { calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, latency_ms: 0, retries: 0 };
  for (const e of events) {
    if (e.kind !== "model_call") continue;
    const p = e.payload as ModelCallPayload;
    const meta = (e.meta ?? {}) as { cost_usd?: number; latency_ms?: number; retries?: number };
    t.calls++;
    t.input_tokens += p.response.usage?.input_tokens ?? 0;
    t.output_tokens += p.response.usage?.output_tokens ?? 0;
    t.cost_usd += meta.cost_usd ?? 0;
    t.latency_ms += meta.latency_ms ?? 0;
    t.retries += meta.retries ?? 0;
  }
  return t;
}
