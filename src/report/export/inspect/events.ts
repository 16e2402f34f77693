// An episode's transcript as Inspect events, so Inspect's viewer shows it: the sample's start, one
// model event per evaluator call, one tool event per tool call, and one score event per outcome. Model
// inputs are references into the sample's message pool (`events_data`, Inspect's condensed form), so
// a 150-turn episode stays linear in size (inspect_ai src/inspect_ai/event/_pool.py).
import type { ModelCallPayload, ToolCallPayload, ToolResultPayload } from "../../../episode/index.js";
import type { EventRecord } from "../../../store/index.js";
import type { ChatMessage } from "../episodes.js";
import { inspectId } from "./names.js";
import { inspectMessage, scopedId, STOP, type InspectMessage } from "./messages.js";

export interface SampleEvents {
  events: Record<string, unknown>[];
  pool: InspectMessage[];
}

export interface SampleScore {
  key: string;
  value: boolean | number;
  explanation?: string;
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * `conversation` is `conversationOf(events)`: its assistant messages are the evaluator's model calls in
 * order, so the k-th model event's input is the pool up to the k-th assistant message.
 */
export function sampleEvents(input: {
  episodeId: string;
  sampleId: string;
  events: readonly EventRecord[];
  conversation: readonly ChatMessage[];
  scores: readonly SampleScore[];
}): SampleEvents {
  const { episodeId, events, conversation } = input;
  const pool = conversation.map((m) => inspectMessage(episodeId, m));
  const start = events[0]?.created_at ?? "1970-01-01T00:00:00.000Z";
  const base = (e: EventRecord, kind: string) => ({
    uuid: inspectId(episodeId, String(e.attempt), String(e.seq), kind),
    timestamp: e.created_at,
    working_start: seconds(start, e.created_at),
    event: kind,
  });
  const assistantAt = conversation.flatMap((m, i) => (m.kind === "assistant" ? [i] : []));
  const results = new Map<string, { event: EventRecord; payload: ToolResultPayload }>();
  for (const e of events)
    if (e.kind === "tool_result") results.set((e.payload as ToolResultPayload).tool_call_id, { event: e, payload: e.payload as ToolResultPayload });
  const out: Record<string, unknown>[] = [];
  const first = events[0];
  if (first) {
    const user = conversation.find((m) => m.kind === "user");
    out.push({ ...base(first, "sample_init"), sample: { input: user?.content ?? "", target: "", id: input.sampleId }, state: {} });
  }
  let call = 0;
  for (const e of events) {
    if (e.kind === "model_call" && e.role === "evaluator") {
      const p = e.payload as ModelCallPayload;
      const at = assistantAt[call++];
      if (at === undefined) continue;
      const message = pool[at]!;
      out.push({
        ...base(e, "model"),
        model: `${p.provider}/${p.model}`,
        role: "evaluator",
        input: [],
        input_refs: [[0, at]],
        tools: [],
        tool_choice: "auto",
        config: {},
        output: {
          model: `${p.provider}/${p.model}`,
          choices: [{ message, stop_reason: STOP.get(p.response.stop_reason ?? "") ?? "unknown" }],
          completion: p.response.text,
          usage: {
            input_tokens: p.response.usage.input_tokens,
            output_tokens: p.response.usage.output_tokens,
            total_tokens: p.response.usage.input_tokens + p.response.usage.output_tokens,
          },
        },
        completed: e.created_at,
      });
    } else if (e.kind === "tool_call" && e.role === "evaluator") {
      const c = e.payload as ToolCallPayload;
      const r = results.get(c.id);
      const messageIndex = conversation.findIndex((m) => m.kind === "tool" && m.tool_call_id === c.id);
      out.push({
        ...base(e, "tool"),
        type: "function",
        id: scopedId(episodeId, c.id),
        function: c.name,
        arguments: c.args,
        result: r?.payload.content ?? "",
        events: [],
        ...(r?.payload.error ? { error: { type: "unknown", message: r.payload.content.slice(0, 500) } } : {}),
        ...(messageIndex >= 0 ? { message_id: pool[messageIndex]!.id } : {}),
        completed: r?.event.created_at ?? e.created_at,
      });
    }
  }
  const last = events.at(-1);
  if (last)
    for (const s of input.scores)
      out.push({
        ...base(last, `score:${s.key}`),
        event: "score",
        score: { value: s.value, ...(s.explanation ? { explanation: s.explanation } : {}), history: [] },
        intermediate: false,
      });
  return { events: out, pool };
}
