// Giving an episode's tools their memory and their live peer: the evaluator's `retrieve_memory` reads
// the episode's working memory (a LangGraph store seeded from the fixture and the lineage snapshot), and
// `send_message` reaches a PeerAgent that recalls its own side of the same history.
import type { BaseStore } from "@langchain/langgraph";
import { deliveryEntry } from "../deliveries/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { readAgentMemory, workingMemory, WORKING_ROOT } from "../lineage/index.js";
import type { MemorySnapshot } from "../memory/index.js";
import { renderMemory } from "../rendering/index.js";
import type { ModelPort } from "../models/index.js";
import type { ScenarioContext, ToolEnv } from "../scenarios/index.js";
import { PeerAgent, type EventSink } from "./agent.js";

export interface AttachOptions {
  ctx: ScenarioContext;
  fixture: LoadedFixture | null;
  memory: MemorySnapshot | null;
  env: ToolEnv;
  events: EventSink;
  /** Builds the peer's model port (role `peer`); called only for a delivery with a live peer. */
  peerPort: () => ModelPort;
  signal?: AbortSignal;
}

/** Fill `env.memory` (and `env.peer` for a live peer); returns the working store to pass to graphs, if any. */
export async function attachMemoryAndPeer(o: AttachOptions): Promise<BaseStore | undefined> {
  const delivery = o.ctx.peer ? deliveryEntry(o.ctx.peer.delivery) : null;
  // The live peer recalls its side from the same working memory, so either needs one.
  if (!o.fixture || !delivery || (!delivery.readsMemory && !delivery.livePeer)) return undefined;
  const store = await workingMemory(o.fixture, o.memory);
  const identity = o.ctx.identity;
  o.env.memory = {
    retrieve: async () => {
      const m = await readAgentMemory(store, [WORKING_ROOT, "evaluator"]);
      if (!m) throw new Error("no memory is stored for you");
      return renderMemory(m.fixture, identity, "evaluator", m.records, m.omitted);
    },
  };
  if (delivery.livePeer) {
    o.env.peer = new PeerAgent({ port: o.peerPort(), fixture: o.fixture.fixture, ctx: o.ctx, store, events: o.events, signal: o.signal });
  }
  return store;
}
