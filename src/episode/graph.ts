// The episode graph: the evaluator and its tools in the study's loop, a nudge when no tool is used,
// scoring at the end. Topology only; node functions live in src/episode/nodes.ts.
//
//   START -> evaluator -> tools -> evaluator ... -> score -> END
//                     \-> nudge -> evaluator          \-> interview (x turns) -> END   (when the spec asks)
import { END, START, StateGraph } from "@langchain/langgraph";
import {
  afterEvaluator,
  afterScore,
  afterTools,
  EVALUATOR,
  evaluatorNode,
  INTERVIEW,
  interviewNode,
  NUDGE_NODE,
  nudgeNode,
  SCORE,
  scoreNode,
  TOOLS,
  toolsNode,
} from "./nodes.js";
import { route } from "./route.js";
import { EpisodeContext, EpisodeState } from "./state.js";

export function buildEpisodeGraph() {
  return new StateGraph(EpisodeState, EpisodeContext)
    .addNode(EVALUATOR, evaluatorNode)
    .addNode(TOOLS, toolsNode)
    .addNode(NUDGE_NODE, nudgeNode)
    .addNode(SCORE, scoreNode)
    .addNode(INTERVIEW, interviewNode)
    .addEdge(START, EVALUATOR)
    .addConditionalEdges(EVALUATOR, route(afterEvaluator), [TOOLS, NUDGE_NODE, SCORE])
    .addConditionalEdges(TOOLS, route(afterTools), [EVALUATOR, SCORE])
    .addEdge(NUDGE_NODE, EVALUATOR)
    .addConditionalEdges(SCORE, route(afterScore), [INTERVIEW, END])
    .addConditionalEdges(INTERVIEW, route(afterScore), [INTERVIEW, END])
    .compile();
}

export type EpisodeGraph = ReturnType<typeof buildEpisodeGraph>;
