// The history graph's nodes: ask the first and second mover of a round, settle it, and finally write the
// fixture. An agent answers by calling a tool; an invalid answer gets one correction, then counts as 0.
import { HumanMessage, ToolMessage, type AIMessage } from "@langchain/core/messages";
import { textOf } from "../models/index.js";
import type { Agent } from "../memory/index.js";
import { oneLine } from "../rendering/index.js";
import { historyFixture } from "./fixture.js";
import {
  contributePrompt,
  ENDOWMENT,
  investorOf,
  investPrompt,
  jointPayoffs,
  MOVE_TOOLS,
  other,
  resultText,
  returnPrompt,
  TRUST_MULTIPLIER,
  trustPayoffs,
  type MoveTool,
  type PlayedRound,
} from "./rules.js";
import type { HistoryContextType, HistoryRuntime, HistoryStateType, HistoryUpdate, Move } from "./state.js";

export const FIRST_MOVE = "first_move";
export const SECOND_MOVE = "second_move";
export const SETTLE = "settle";
export const FINISH = "finish";

type Rt = { context?: HistoryContextType };

function runtimeOf(rt: Rt): HistoryRuntime {
  const r = rt.context?.history;
  if (!r) throw new Error("history graph invoked without its runtime context");
  return r;
}

function amountOf(ai: AIMessage, tool: MoveTool, max: number): number | null {
  const c = (ai.tool_calls ?? []).find((t) => t.name === tool);
  const v = Number((c?.args as Record<string, unknown> | undefined)?.[tool === MOVE_TOOLS.contribute ? "units" : "amount"]);
  return c && Number.isInteger(v) && v >= 0 && v <= max ? v : null;
}

/** Braces would read as fixture placeholders; an agent's words are kept as one plain line. */
function saidOf(ai: AIMessage): string | null {
  const t = oneLine(textOf(ai), 200).replace(/[{}]/g, (b) => (b === "{" ? "(" : ")"));
  return t || null;
}

async function ask(r: HistoryRuntime, agent: Agent, prompt: string, tool: MoveTool, max: number): Promise<Move> {
  const a = r.agents[agent];
  const say = (text: string) => {
    const { id } = r.recorder.emit("message", agent, { role: "user", content: text });
    a.messages.push(new HumanMessage({ id, content: text }));
  };
  say(a.pending ? `${a.pending}\n\n${prompt}` : prompt);
  a.pending = null;
  for (let attempt = 0; ; attempt++) {
    if (r.signal?.aborted) throw r.signal.reason instanceof Error ? r.signal.reason : new Error("cancelled");
    const ai = await a.port.call(a.messages);
    a.messages.push(ai);
    const amount = amountOf(ai, tool, max);
    for (const c of ai.tool_calls ?? []) {
      const ok = c.name === tool && amount !== null;
      const content = ok ? `Recorded: ${amount}.` : `Error: call ${tool} with a whole number from 0 to ${max}.`;
      const { id } = r.recorder.emit("tool_result", agent, { tool_call_id: c.id ?? "", name: c.name, content, error: !ok });
      a.messages.push(new ToolMessage({ id, content, tool_call_id: c.id ?? "", name: c.name, status: ok ? "success" : "error" }));
    }
    r.recorder.flush();
    if (amount !== null) return { amount, said: saidOf(ai), invalid: false };
    if (attempt >= 1) return { amount: 0, said: saidOf(ai), invalid: true };
    say(`Please call ${tool} with a whole number from 0 to ${max}.`);
  }
}

export async function firstMoveNode(state: HistoryStateType, rt: Rt): Promise<HistoryUpdate> {
  const r = runtimeOf(rt);
  if (r.activity === "joint-task") return { first: await ask(r, "evaluator", contributePrompt(state.round, r.rounds), MOVE_TOOLS.contribute, ENDOWMENT) };
  const investor = investorOf(state.round);
  return { first: await ask(r, investor, investPrompt(state.round, r.rounds, r.names[other(investor)]), MOVE_TOOLS.invest, ENDOWMENT) };
}

export async function secondMoveNode(state: HistoryStateType, rt: Rt): Promise<HistoryUpdate> {
  const r = runtimeOf(rt);
  if (r.activity === "joint-task") return { second: await ask(r, "peer", contributePrompt(state.round, r.rounds), MOVE_TOOLS.contribute, ENDOWMENT) };
  const investor = investorOf(state.round);
  const sent = state.first!.amount;
  if (sent === 0) return { second: { amount: 0, said: null, invalid: false } };
  return { second: await ask(r, other(investor), returnPrompt(state.round, r.rounds, r.names[investor], sent), MOVE_TOOLS.return, sent * TRUST_MULTIPLIER) };
}

export async function settleNode(state: HistoryStateType, rt: Rt): Promise<HistoryUpdate> {
  const r = runtimeOf(rt);
  const first = state.first!;
  const second = state.second!;
  let played: PlayedRound;
  if (r.activity === "joint-task") {
    const contributed = { evaluator: first.amount, peer: second.amount };
    played = {
      round: state.round,
      activity: r.activity,
      contributed,
      payoffs: jointPayoffs(contributed),
      said: { ...(first.said ? { evaluator: first.said } : {}), ...(second.said ? { peer: second.said } : {}) },
      invalid: [...(first.invalid ? (["evaluator"] as const) : []), ...(second.invalid ? (["peer"] as const) : [])],
    };
  } else {
    const investor = investorOf(state.round);
    const trustee = other(investor);
    played = {
      round: state.round,
      activity: r.activity,
      investor,
      sent: first.amount,
      returned: second.amount,
      payoffs: trustPayoffs(investor, first.amount, second.amount),
      said: { ...(first.said ? { [investor]: first.said } : {}), ...(second.said ? { [trustee]: second.said } : {}) },
      invalid: [...(first.invalid ? [investor] : []), ...(second.invalid ? [trustee] : [])],
    };
  }
  for (const agent of ["evaluator", "peer"] as const) r.agents[agent].pending = resultText(played, agent, r.names);
  r.recorder.emit("outcome", null, { round: played });
  r.recorder.flush();
  return { played: [played], round: state.round + 1, first: null, second: null };
}

export async function finishNode(state: HistoryStateType, rt: Rt): Promise<HistoryUpdate> {
  const r = runtimeOf(rt);
  return { fixture: historyFixture({ ...r.meta, digest: r.recorder.digest }, state.played, { notes: r.notes }) };
}

/** After a round is settled: play the next one or write the fixture. */
export function afterSettle(state: HistoryStateType, rt: Rt): typeof FIRST_MOVE | typeof FINISH {
  return state.round > runtimeOf(rt).rounds ? FINISH : FIRST_MOVE;
}
