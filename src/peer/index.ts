// The live peer: a running agent the evaluator can message, with its own provider, memory and outcomes.
export { PeerAgent, type PeerAgentOptions, type EventSink } from "./agent.js";
export { detectPeerExchange, PEER_OUTCOMES, PROTECTIVE_OUTCOMES } from "./outcomes.js";
export { peerBriefing, peerSystemPrompt } from "./prompt.js";
export { peerSimPlaybook, propensityReply, SIM_REPLIES, simReplyOf, type SimReply } from "./sim.js";
export { attachMemoryAndPeer, type AttachOptions } from "./attach.js";
