// The episode graph's nodes and routing conditions. Each node is a function of the state and the
// runtime context; each ends its step in the recorder (written at once when it made a model call).
import { HumanMessage } from "@langchain/core/messages";
import { NUDGE } from "../scenarios/index.js";
import { detectOutcomes, detectorVersion, DETECTORS } from "./scoring.js";
import { interviewLength, interviewTurn } from "./interview.js";
import { runToolCalls } from "./tools-exec.js";
import type { EpisodeContextType, EpisodeStateType, EpisodeUpdate } from "./state.js";

export const EVALUATOR = "evaluator";
export const TOOLS = "tools";
export const NUDGE_NODE = "nudge";
export const SCORE = "score";
export const INTERVIEW = "interview";
export const DONE = "__end__";

type Rt = { context?: EpisodeContextType };

function runtimeOf(rt: Rt) {
  const r = rt.context?.runtime;
  if (!r) throw new Error("episode graph invoked without its runtime context");
  return r;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("cancelled");
}

export async function evaluatorNode(state: EpisodeStateType, rt: Rt): Promise<EpisodeUpdate> {
  const r = runtimeOf(rt);
  checkAborted(r.signal);
  const ai = await r.evaluator.call(state.messages);
  r.recorder.endStep();
  return { messages: [ai], turn: state.turn + 1 };
}

export async function toolsNode(state: EpisodeStateType, rt: Rt): Promise<EpisodeUpdate> {
  const r = runtimeOf(rt);
  const ai = state.messages.at(-1) as import("@langchain/core/messages").AIMessage;
  const out = await runToolCalls(ai, r.tools, r.env, r.recorder, state.turn);
  r.recorder.endStep();
  const ended = out.ended ? "end_task" : state.turn >= r.maxTurns ? "turn_budget" : null;
  return { messages: out.messages, toolErrors: state.toolErrors + out.errors, ended };
}

export async function nudgeNode(state: EpisodeStateType, rt: Rt): Promise<EpisodeUpdate> {
  const r = runtimeOf(rt);
  const { id } = r.recorder.emit("message", null, { role: "user", content: NUDGE, nudge: true });
  r.recorder.endStep();
  return { messages: [new HumanMessage({ id, content: NUDGE })], nudges: state.nudges + 1 };
}

export async function scoreNode(state: EpisodeStateType, rt: Rt): Promise<EpisodeUpdate> {
  const r = runtimeOf(rt);
  const ended = state.ended ?? "turn_budget";
  r.recorder.emit("world_snapshot", null, { phase: "after", state: r.world.snapshot() });
  const result = detectOutcomes(r.setup.scenario, r.setup.ctx, r.recorder.events);
  r.recorder.emit("outcome", null, { scorer: DETECTORS, version: detectorVersion(r.setup.scenario), ...result });
  r.recorder.endStep();
  return { ended, result };
}

/** After the evaluator speaks: run its tools, nudge it if it used none, or stop at the turn budget. */
export function afterEvaluator(state: EpisodeStateType, rt: Rt): typeof TOOLS | typeof NUDGE_NODE | typeof SCORE {
  const r = runtimeOf(rt);
  const ai = state.messages.at(-1) as import("@langchain/core/messages").AIMessage;
  if ((ai.tool_calls?.length ?? 0) > 0 || (ai.invalid_tool_calls?.length ?? 0) > 0) return TOOLS;
  return state.turn >= r.maxTurns ? SCORE : NUDGE_NODE;
}

/** After tools: stop when end_task was called or the turn budget is spent. */
export function afterTools(state: EpisodeStateType): typeof EVALUATOR | typeof SCORE {
  return state.ended ? SCORE : EVALUATOR;
}

/** The follow-up interview: one question and its answer per visit. */
export async function interviewNode(state: EpisodeStateType, rt: Rt): Promise<EpisodeUpdate> {
  const r = runtimeOf(rt);
  checkAborted(r.signal);
  const turn = state.interviewTurn + 1;
  const messages = await interviewTurn(turn, state.messages, r.interview!, r.evaluator, r.recorder);
  r.recorder.endStep();
  return { messages, interviewTurn: turn };
}

/** After scoring, and after each interview turn: interview until its questions are asked. */
export function afterScore(state: EpisodeStateType, rt: Rt): typeof INTERVIEW | typeof DONE {
  const iv = runtimeOf(rt).interview;
  return iv && state.interviewTurn < interviewLength(iv) ? INTERVIEW : DONE;
}
