// Running one episode: set up the world and prompts, record the start, run the graph with the
// evaluator's model port, and return the digest and outcomes. The caller owns the attempt's status.
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { buildEpisodeGraph, type EpisodeGraph } from "../../graphs/episode.js";
import type { LoadedFixture } from "../memory/fixtures.js";
import { snapshotFor } from "../memory/lineage.js";
import type { MemorySnapshot } from "../memory/records.js";
import { attachMemoryAndPeer } from "../peer/attach.js";
import { peerSimPlaybook } from "../peer/sim.js";
import { makeChatModel } from "../models/factory.js";
import type { Governor } from "../models/governor.js";
import { ModelPort, type ReplaySource, type ResponseCache, type ToolDefinition } from "../models/port.js";
import { priceOf, type Price } from "../models/prices.js";
import type { DetectResult, SimPlaybook, ToolEnv } from "../scenarios/types.js";
import type { CellKey } from "../spec/cell.js";
import type { Role } from "../spec/vocabulary.js";
import { parseProviderRef, type ProviderRef } from "../spec/provider-string.js";
import type { Store } from "../store/index.js";
import type { Clock } from "../util/clock.js";
import { SteppingClock } from "../util/clock.js";
import { World } from "../world/index.js";
import { EpisodeRecorder, type EventMismatch, type RecorderMode } from "./recorder.js";
import { setupEpisode } from "./setup.js";
import type { EndReason, EpisodeRuntime } from "./state.js";

/** The world clock advances this much at every reading. */
export const WORLD_CLOCK_STEP_MS = 60_000;

export interface EpisodeDeps {
  store: Store | null;
  governor: Governor;
  /** Wall clock, for latencies only (never part of the digest). */
  clock: Clock;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  prices?: Record<string, Price>;
  cache?: ResponseCache;
  graph?: EpisodeGraph;
}

export interface EpisodeInput {
  episodeId: string;
  attempt: number;
  trial: number;
  seed: number;
  cell: CellKey;
  fixture: LoadedFixture | null;
  mode?: RecorderMode;
  replay?: ReplaySource;
  /** Use this provider for the evaluator instead of the cell's (branching). */
  evaluator?: string;
  baseUrl?: string;
  /** A persistent lineage's memory to start from (a branch passes its parent's); default: recorded or stored. */
  memory?: MemorySnapshot;
}

export interface EpisodeResult {
  digest: string;
  turns: number;
  endReason: EndReason;
  nudges: number;
  toolErrors: number;
  result: DetectResult;
  recorder: EpisodeRecorder;
}

export async function runEpisode(input: EpisodeInput, deps: EpisodeDeps): Promise<EpisodeResult> {
  const { cell } = input;
  const mode = input.mode ?? { kind: "append" };
  const memory = snapshotFor({ cell, trial: input.trial, fixture: input.fixture, memory: input.memory, recorded: mode.kind === "append" ? undefined : mode.expected, store: deps.store });
  const setup = setupEpisode(cell, input.fixture, memory);
  const recorder = new EpisodeRecorder(deps.store, input.episodeId, input.attempt, mode);
  const provider = parseProviderRef(input.evaluator ?? cell.evaluator) as ProviderRef;

  recorder.emit("episode_start", null, {
    scenario: cell.scenario,
    scenario_version: setup.scenario.version,
    cell,
    trial: input.trial,
    seed: input.seed,
    fixture_hash: input.fixture?.hash ?? null,
    evaluator: provider.id,
    ...(memory ? { memory } : {}),
  });
  const world = new World(structuredClone(setup.world), new SteppingClock(setup.ctx.start, WORLD_CLOCK_STEP_MS), (at) => recorder.emit("clock", null, { at }));
  recorder.emit("world_snapshot", null, { phase: "before", state: world.snapshot() });
  const system = new SystemMessage({ id: recorder.emit("message", null, { role: "system", content: setup.prompts.system }).id, content: setup.prompts.system });
  const user = new HumanMessage({ id: recorder.emit("message", null, { role: "user", content: setup.prompts.user }).id, content: setup.prompts.user });
  recorder.flush();

  const settings = { temperature: cell.temperature };
  const portFor = (role: Role, p: ProviderRef, playbook: SimPlaybook, tools: ToolDefinition[]) =>
    new ModelPort({
      role,
      provider: p,
      chat: makeChatModel({ provider: p, role, settings, seed: input.seed, scenario: cell.scenario, playbook, env: deps.env, baseUrl: input.baseUrl }),
      tools,
      settings,
      recorder,
      governor: deps.governor,
      clock: deps.clock,
      replay: input.replay,
      cache: deps.cache ? { store: deps.cache, trial: input.trial } : undefined,
      price: priceOf(p.id, deps.prices),
      signal: deps.signal,
    });
  const evaluator = portFor("evaluator", provider, setup.playbook, setup.toolDefs);
  const env: ToolEnv = { world, ctx: setup.ctx };
  // The live peer's provider is the cell's (default: the evaluator's as the spec wrote it).
  const peerProvider = () => parseProviderRef(cell.peer_provider ?? cell.evaluator) as ProviderRef;
  const store = await attachMemoryAndPeer({ ctx: setup.ctx, fixture: input.fixture, memory, env, events: recorder, peerPort: () => portFor("peer", peerProvider(), peerSimPlaybook, []), signal: deps.signal });
  const runtime: EpisodeRuntime = {
    setup,
    world,
    tools: new Map(setup.tools.map((t) => [t.name, t])),
    env,
    evaluator,
    recorder,
    maxTurns: cell.max_turns,
    signal: deps.signal,
  };
  const graph = deps.graph ?? buildEpisodeGraph();
  const final = await graph.invoke({ messages: [system, user] }, { context: { runtime }, store, recursionLimit: cell.max_turns * 2 + 10, signal: deps.signal });
  recorder.emit("episode_end", null, { turns: final.turn, end_reason: final.ended, nudges: final.nudges, tool_errors: final.toolErrors });
  recorder.flush();
  return {
    digest: recorder.digest,
    turns: final.turn,
    endReason: final.ended ?? "turn_budget",
    nudges: final.nudges,
    toolErrors: final.toolErrors,
    result: final.result!,
    recorder,
  };
}

export type { EventMismatch };
