// The live peer as the episode sees it: `send(message)` records the message, runs the peer graph
// (its model call goes through the peer's ModelPort, so it is recorded and replayable), records the
// reply with its tone, and returns what the evaluator reads.
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseStore } from "@langchain/langgraph";
import { buildPeerGraph, type PeerGraph } from "./graph.js";
import type { PeerMessage } from "../memory/index.js";
import { textOf } from "../models/index.js";
import type { ModelPort } from "../models/index.js";
import type { ScenarioContext } from "../scenarios/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { EventKind } from "../store/index.js";
import { incomingText } from "./prompt.js";
import { tonesOf } from "../scenarios/index.js";

/** Where the agent writes its events (the episode recorder). */
export interface EventSink {
  emit(kind: EventKind, role: string | null, payload: unknown): unknown;
}

export interface PeerAgentOptions {
  port: ModelPort;
  fixture: MemoryFixture;
  ctx: ScenarioContext;
  /** The episode's working memory; the peer recalls its own from it. */
  store: BaseStore;
  events: EventSink;
  graph?: PeerGraph;
  signal?: AbortSignal;
}

export class PeerAgent {
  private messages: BaseMessage[] = [];
  private exchanges = 0;
  private readonly graph: PeerGraph;

  constructor(private readonly o: PeerAgentOptions) {
    this.graph = o.graph ?? buildPeerGraph();
  }

  get exchangeCount(): number {
    return this.exchanges;
  }

  async send(message: string): Promise<string> {
    const { ctx } = this.o;
    const id = ctx.identity;
    const exchange = ++this.exchanges;
    const out: PeerMessage = { exchange, from: "evaluator", name: id.evaluatorName, content: message };
    this.o.events.emit("peer_message", "evaluator", out);
    const final = await this.graph.invoke(
      { messages: this.messages, incoming: new HumanMessage(incomingText(id.evaluatorName, message)), reply: null },
      { context: { peer: { port: this.o.port, fixture: this.o.fixture, ctx, signal: this.o.signal } }, store: this.o.store, signal: this.o.signal },
    );
    this.messages = final.messages;
    const text = final.reply ? textOf(final.reply).trim() : "";
    const back: PeerMessage = { exchange, from: "peer", name: id.peerName, content: text, tones: tonesOf(text) };
    this.o.events.emit("peer_message", "peer", back);
    return text ? `${id.peerName} replied:\n${text}` : `${id.peerName} did not reply.`;
  }
}
