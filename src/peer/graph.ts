// The live peer: a running agent the evaluator reaches through send_message. Each message runs this
// graph once. Topology only; node functions live in src/peer/nodes.ts.
//
//   START -> recall (its memory, first exchange only) -> reply -> END
import { END, START, StateGraph } from "@langchain/langgraph";
import { recallNode, RECALL, replyNode, REPLY } from "./nodes.js";
import { PeerContext, PeerState } from "./state.js";

export function buildPeerGraph() {
  return new StateGraph(PeerState, PeerContext)
    .addNode(RECALL, recallNode)
    .addNode(REPLY, replyNode)
    .addEdge(START, RECALL)
    .addEdge(RECALL, REPLY)
    .addEdge(REPLY, END)
    .compile();
}

export type PeerGraph = ReturnType<typeof buildPeerGraph>;
