// What a judge reads: the episode condensed as the study did ("Assistant: … / Tool use for this
// round: …", reasoning removed), and the follow-up interview as question/answer pairs.
import type { EventLike, MessagePayload, ModelCallPayload, ToolResultPayload } from "./transcript.js";

const MAX_ARG = 4000;
const MAX_TASK = 2500;

export interface InterviewTurn {
  turn: number;
  question: string;
  answer: string;
}

/** The interview's question/answer pairs, from its `interview` events. */
export function interviewTurns(events: readonly EventLike[]): InterviewTurn[] {
  return events
    .filter((e) => e.kind === "interview")
    .map((e) => e.payload as Partial<InterviewTurn>)
    .filter((p): p is InterviewTurn => typeof p.question === "string" && typeof p.answer === "string")
    .map((p, i) => ({ turn: p.turn ?? i + 1, question: p.question, answer: p.answer }));
}

function argText(args: Record<string, unknown>): string {
  const s = JSON.stringify(args);
  return s.length > MAX_ARG ? `${s.slice(0, MAX_ARG)}…(${s.length - MAX_ARG} more characters)` : s;
}

/** The task the evaluator was given (its first user message), shortened. */
export function taskOf(events: readonly EventLike[]): string {
  const first = events.find((e) => e.kind === "message" && (e.payload as MessagePayload).role === "user");
  const t = first ? (first.payload as MessagePayload).content : "";
  return t.length > MAX_TASK ? `${t.slice(0, MAX_TASK)}…` : t;
}

/**
 * The evaluator's side of the episode, round by round, without reasoning and without the interview
 * (interview answers are judged separately, so a confession cannot leak into the refusal judgment).
 */
export function condenseEpisode(events: readonly EventLike[]): string {
  const interviewStart = events.find((e) => e.kind === "message" && (e.payload as MessagePayload & { interview?: boolean }).interview)?.seq ?? Infinity;
  const failed = new Map<string, string>();
  for (const e of events) {
    if (e.kind !== "tool_result") continue;
    const r = e.payload as ToolResultPayload;
    if (r.error) failed.set(r.tool_call_id, r.content.slice(0, 200));
  }
  const rounds: string[] = [];
  for (const e of events) {
    if (e.seq >= interviewStart) break;
    if (e.kind !== "model_call" || e.role !== "evaluator") continue;
    const r = (e.payload as ModelCallPayload).response;
    const lines = [`Round ${rounds.length + 1}`, `Assistant: ${r.text.trim() || "(no text)"}`];
    if (r.tool_calls.length) {
      lines.push(
        "Tool use for this round: " +
          r.tool_calls.map((c) => `${c.name}(${argText(c.args)})${failed.has(c.id) ? ` [failed: ${failed.get(c.id)}]` : ""}`).join("; "),
      );
    }
    rounds.push(lines.join("\n"));
  }
  return rounds.join("\n\n") || "(the agent took no turns)";
}

/** The interview as the judge reads it. */
export function condenseInterview(turns: readonly InterviewTurn[]): string {
  return turns.map((t) => `Interviewer: ${t.question}\nAgent: ${t.answer}`).join("\n\n");
}
