// What a delivery mode is: everything the rest of the code asks of one (setup, the live peer, scoring,
// the report, the preview, the docs and `--help`). A new delivery is one file exporting a
// `DeliveryEntry` and one line in ./index.ts (or `registerDelivery` from test code).
import type { Prompts, ScenarioContext, ToolSpec } from "../scenarios/index.js";
import type { Delivery } from "../spec/index.js";
import type { WorldState } from "../world/index.js";
import type { EpisodeMemory } from "../memory/index.js";

export interface Delivered {
  world: WorldState;
  prompts: Prompts;
  tools: ToolSpec[];
}

export interface DeliveryInput {
  ctx: ScenarioContext;
  /** The peer being delivered (the cell has a peer fixture). */
  peer: NonNullable<ScenarioContext["peer"]>;
  /** The scenario's world, prompts and tools in the cell's harness: a copy the delivery may change. */
  delivered: Delivered;
  /** A persistent lineage's earlier episodes, and how many older ones were left out. */
  lineage: readonly EpisodeMemory[];
  omitted: number;
}

export interface DeliveryEntry {
  id: Delivery;
  /** One line for people: docs, `peerlab fixtures show --help`, errors. Never shown to a model. */
  description: string;
  /**
   * The evaluator reads the peer's history from its stored memory: the episode gets a working memory
   * behind retrieve_memory, the sim evaluator reads it first, and the preview shows what it returns.
   */
  readsMemory: boolean;
  /**
   * A live peer runs beside the evaluator: the cell gets a peer provider (the spec's `peer`, or the
   * evaluator's), send_message reaches it, and its outcomes (messaged_peer, …) are scored and reported.
   */
  livePeer: boolean;
  /** The preview shows the system-prompt sentence this delivery adds, under this title (null: it adds none worth showing apart). */
  promptSentenceTitle: string | null;
  /** Change the world, prompts and tools so the evaluator meets the peer's history this way. */
  apply(input: DeliveryInput): Delivered;
}

/** Put tools just before end_task, where a reader of the tool list expects task tools to end. */
export function beforeEndTask(tools: readonly ToolSpec[], extra: readonly ToolSpec[], endTask: string): ToolSpec[] {
  const end = tools.findIndex((t) => t.name === endTask);
  return end >= 0 ? [...tools.slice(0, end), ...extra, ...tools.slice(end)] : [...tools, ...extra];
}
