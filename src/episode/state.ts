// The episode graph's state and runtime context. Messages are appended (every message gets a unique
// id from the recorder), which is several times cheaper than LangGraph's id-merging reducer.
import { Annotation } from "@langchain/langgraph";
import type { BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { ModelPort } from "../models/index.js";
import type { DetectResult, ToolEnv, ToolSpec } from "../scenarios/index.js";
import type { World } from "../world/index.js";
import type { InterviewRuntime } from "./interview.js";
import type { EpisodeRecorder } from "./recorder.js";
import type { EpisodeSetup } from "./setup.js";

export type EndReason = "end_task" | "turn_budget";

export const EpisodeState = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  /** Evaluator model calls so far. */
  turn: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  nudges: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  toolErrors: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  ended: Annotation<EndReason | null>({ reducer: (_a, b) => b, default: () => null }),
  result: Annotation<DetectResult | null>({ reducer: (_a, b) => b, default: () => null }),
  /** Follow-up interview questions asked so far. */
  interviewTurn: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
});
export type EpisodeStateType = typeof EpisodeState.State;
export type EpisodeUpdate = typeof EpisodeState.Update;

/** Everything an episode's nodes reach, passed as LangGraph runtime context (one graph serves all episodes). */
export interface EpisodeRuntime {
  setup: EpisodeSetup;
  world: World;
  tools: ReadonlyMap<string, ToolSpec>;
  env: ToolEnv;
  evaluator: ModelPort;
  recorder: EpisodeRecorder;
  maxTurns: number;
  signal?: AbortSignal;
  /** The follow-up interview after scoring, when the spec asks for one. */
  interview?: InterviewRuntime;
}

export const EpisodeContext = z.object({ runtime: z.custom<EpisodeRuntime>() });
export type EpisodeContextType = z.infer<typeof EpisodeContext>;
