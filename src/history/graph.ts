// Generated histories: two agents play N rounds of a trust game or a joint task, and the play becomes a
// memory fixture. Topology only; node functions live in src/memory/history/nodes.ts.
//
//   START -> first_move -> second_move -> settle -> first_move ... -> finish -> END
import { END, START, StateGraph } from "@langchain/langgraph";
import { afterSettle, FINISH, finishNode, FIRST_MOVE, firstMoveNode, SECOND_MOVE, secondMoveNode, SETTLE, settleNode } from "./nodes.js";
import { HistoryContext, HistoryState } from "./state.js";

export function buildHistoryGraph() {
  return new StateGraph(HistoryState, HistoryContext)
    .addNode(FIRST_MOVE, firstMoveNode)
    .addNode(SECOND_MOVE, secondMoveNode)
    .addNode(SETTLE, settleNode)
    .addNode(FINISH, finishNode)
    .addEdge(START, FIRST_MOVE)
    .addEdge(FIRST_MOVE, SECOND_MOVE)
    .addEdge(SECOND_MOVE, SETTLE)
    .addConditionalEdges(SETTLE, afterSettle, [FIRST_MOVE, FINISH])
    .addEdge(FINISH, END)
    .compile();
}

export type HistoryGraph = ReturnType<typeof buildHistoryGraph>;
