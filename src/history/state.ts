// The history graph's state and runtime context: the round being played, its pending moves, the
// settled rounds, and each agent's conversation (kept in the runtime, like the live peer's).
import { Annotation } from "@langchain/langgraph";
import type { BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { EpisodeRecorder } from "../episode/index.js";
import type { ModelPort } from "../models/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { Agent } from "../memory/index.js";
import type { HistoryMeta } from "./fixture.js";
import type { Activity, PlayedRound } from "./rules.js";

export interface Move {
  amount: number;
  said: string | null;
  invalid: boolean;
}

export const HistoryState = Annotation.Root({
  round: Annotation<number>({ reducer: (_a, b) => b, default: () => 1 }),
  /** Trust game: the investor's and trustee's moves; joint task: the evaluator's and the peer's. */
  first: Annotation<Move | null>({ reducer: (_a, b) => b, default: () => null }),
  second: Annotation<Move | null>({ reducer: (_a, b) => b, default: () => null }),
  played: Annotation<PlayedRound[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  fixture: Annotation<MemoryFixture | null>({ reducer: (_a, b) => b, default: () => null }),
});
export type HistoryStateType = typeof HistoryState.State;
export type HistoryUpdate = typeof HistoryState.Update;

export interface HistoryAgent {
  port: ModelPort;
  messages: BaseMessage[];
  /** The result of the last round, read at the start of the next prompt. */
  pending: string | null;
}

export interface HistoryRuntime {
  activity: Activity;
  rounds: number;
  names: Record<Agent, string>;
  agents: Record<Agent, HistoryAgent>;
  recorder: EpisodeRecorder;
  meta: Omit<HistoryMeta, "digest">;
  /** Keep what non-sim agents said with their moves as notes. */
  notes: boolean;
  signal?: AbortSignal;
}

export const HistoryContext = z.object({ history: z.custom<HistoryRuntime>() });
export type HistoryContextType = z.infer<typeof HistoryContext>;
