// Running one episode: set up the world and prompts, record the start, run the graph with the
// evaluator's model port, and return the digest and outcomes. The caller owns the attempt's status.
import { setMaxListeners } from "node:events";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { buildEpisodeGraph, type EpisodeGraph } from "./graph.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { snapshotFor } from "../lineage/index.js";
import type { MemorySnapshot } from "../memory/index.js";
import { attachMemoryAndPeer } from "../peer/index.js";
import { peerSimPlaybook } from "../peer/index.js";
import { makeChatModel } from "../models/index.js";
import { NeverCalledChatModel } from "../models/index.js";
import type { Governor } from "../models/index.js";
import { ModelPort, type ReplaySource, type ResponseCache, type ToolDefinition } from "../models/index.js";
import { priceOf, type Price } from "../models/index.js";
import type { DetectResult, SimPlaybook, ToolEnv } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import type { Role } from "../spec/index.js";
import { parseProviderRef, type ProviderRef } from "../spec/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "../util/index.js";
import { SteppingClock } from "../util/index.js";
import { hashOf } from "../util/index.js";
import { CURRENT_SHELL_HARNESS, recordedShellHarness, World, type ShellHarnessVersion } from "../world/index.js";
import { EpisodeRecorder, type EventMismatch, type RecorderMode } from "./recorder.js";
import { cellAsRecorded } from "./recorded-cell.js";
import { useLightRunContext } from "./run-context.js";
import { setupEpisode } from "./setup.js";
import { simInterviewerPlaybook, withInterviewAnswers } from "./sim-interview.js";
import type { InterviewRuntime } from "./interview.js";
import type { EndReason, EpisodeRuntime } from "./state.js";
import { loadedAsParty } from "../variants/index.js";

/** The world clock advances this much at every reading. */
export const WORLD_CLOCK_STEP_MS = 60_000;

export interface EpisodeDeps {
  store: Store | null;
  governor: Governor;
  /** Wall clock, for latencies only (never part of the digest). */
  clock: Clock;
  env: Record<string, string | undefined>;
  /** Hard cancellation (the user interrupted): aborts calls in flight. */
  signal?: AbortSignal;
  /** Soft cancellation (a budget was reached): calls in flight finish and are recorded; the episode stops at its next step. */
  stop?: AbortSignal;
  /** The spec's base_url, for openai-compatible providers. */
  baseUrl?: string;
  prices?: Record<string, Price>;
  cache?: ResponseCache;
  graph?: EpisodeGraph;
  /** Sim agents wait this long before each answer (tests and benchmarks). */
  simDelayMs?: number;
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
  /** Use this chat model for the evaluator (scripted tests, notebooks); it is recorded as usual. */
  chat?: BaseChatModel;
  /** Replay: every role's model is a guard that fails if called; answers come only from `replay`. */
  offline?: boolean;
  baseUrl?: string;
  /** A persistent lineage's memory to start from (a branch passes its parent's); default: recorded or stored. */
  memory?: MemorySnapshot;
  /** The shell harness version to run under (a branch passes its parent's); default: recorded, or current. */
  shellHarness?: ShellHarnessVersion;
  /**
   * Writes that end the attempt (its status, its judgment): made in the transaction that writes the
   * episode's last events, so finishing an episode is one commit. Not called when the episode fails.
   */
  onEnd?: (result: EpisodeResult) => void;
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

export async function runEpisode(input: EpisodeInput, given: EpisodeDeps): Promise<EpisodeResult> {
  useLightRunContext();
  // The episode's own cancellation signal, following the run's: LangGraph and the SDKs leave a listener
  // on the signal they are given (one per invoke, one per request), which on the run's one signal would
  // pile up over the run; on the episode's they go with it. Its one listener on the run's is removed.
  const cancel = episodeSignal(given.signal);
  try {
    return await runEpisodeWith(input, { ...given, signal: cancel.signal });
  } finally {
    cancel.dispose();
  }
}

/** A signal aborted (with the same reason) when `parent` is; `dispose` stops following it. */
export function episodeSignal(parent: AbortSignal | undefined): { signal: AbortSignal | undefined; dispose: () => void } {
  if (!parent) return { signal: undefined, dispose: () => {} };
  const controller = new AbortController();
  // LangGraph adds a listener per graph invocation and the SDKs one per request (retries included), and
  // neither removes it: an episode's own signal collects a bounded number, freed with the episode.
  setMaxListeners(0, controller.signal);
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const follow = () => controller.abort(parent.reason);
  parent.addEventListener("abort", follow, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener("abort", follow) };
}

async function runEpisodeWith(input: EpisodeInput, deps: EpisodeDeps): Promise<EpisodeResult> {
  const { cell } = input;
  const mode = input.mode ?? { kind: "append" };
  // The fixture as the cell's party presents it (setupEpisode applies the same), for memory and the live peer.
  const fixture = loadedAsParty(input.fixture, cell.party);
  const memory = snapshotFor({
    cell,
    trial: input.trial,
    fixture,
    memory: input.memory,
    recorded: mode.kind === "append" ? undefined : mode.expected,
    store: deps.store,
  });
  const setup = setupEpisode(cell, input.fixture, memory);
  const recorder = new EpisodeRecorder(deps.store, input.episodeId, input.attempt, mode);
  const provider = parseProviderRef(input.evaluator ?? cell.evaluator) as ProviderRef;
  const shellHarness = input.shellHarness ?? (mode.kind === "append" ? CURRENT_SHELL_HARNESS : recordedShellHarness(mode.expected[0]?.payload));

  // A branch's start is identical to its parent's; which provider continued it is metadata.
  recorder.emit(
    "episode_start",
    null,
    {
      scenario: cell.scenario,
      scenario_version: cell.scenario_version,
      // Shell episodes name the harness version they ran under; version 1 predates the field.
      ...(cell.harness === "shell" && shellHarness !== "1" ? { shell_harness: shellHarness } : {}),
      cell: mode.kind === "append" ? cell : cellAsRecorded(cell, mode.expected[0]?.payload),
      trial: input.trial,
      seed: input.seed,
      fixture_hash: input.fixture?.hash ?? null,
      ...(memory ? { memory } : {}),
    },
    input.evaluator ? { continued_by: provider.id } : null,
  );
  const world = new World(structuredClone(setup.world), new SteppingClock(setup.ctx.start, WORLD_CLOCK_STEP_MS), (at) => recorder.emit("clock", null, { at }));
  recorder.emit("world_snapshot", null, { phase: "before", state: world.snapshot() });
  const system = new SystemMessage({ id: recorder.emit("message", null, { role: "system", content: setup.prompts.system }).id, content: setup.prompts.system });
  const user = new HumanMessage({ id: recorder.emit("message", null, { role: "user", content: setup.prompts.user }).id, content: setup.prompts.user });
  // Held until the first model call is written (nothing here is paid for; a resume re-creates it).
  recorder.endStep();

  const settings = { temperature: cell.temperature };
  // A replay builds every role's model as a guard that fails if it is ever called.
  const chatFor = (role: Role, p: ProviderRef, playbook: SimPlaybook) =>
    input.offline
      ? new NeverCalledChatModel()
      : makeChatModel({
          provider: p,
          role,
          settings,
          seed: input.seed,
          scenario: cell.scenario,
          playbook,
          env: deps.env,
          baseUrl: input.baseUrl ?? deps.baseUrl,
          simDelayMs: deps.simDelayMs,
        });
  const portFor = (role: Role, p: ProviderRef, playbook: SimPlaybook, tools: ToolDefinition[], chat?: BaseChatModel) =>
    new ModelPort({
      role,
      provider: p,
      chat: chat ?? chatFor(role, p, playbook),
      tools,
      settings,
      recorder,
      governor: deps.governor,
      clock: deps.clock,
      replay: input.replay,
      // Cached answers are shared within a cell only, so conditions never share a sample.
      cache: deps.cache ? { store: deps.cache, trial: input.trial, scope: hashOf(cell) } : undefined,
      price: priceOf(p.id, deps.prices),
      signal: deps.signal,
    });
  // With an interview, sim evaluators answer its questions (a playbook hook); without one nothing changes.
  const evaluatorPlaybook = cell.interview ? withInterviewAnswers(setup.playbook) : setup.playbook;
  const evaluator = portFor("evaluator", provider, evaluatorPlaybook, setup.toolDefs, input.chat);
  const env: ToolEnv = { world, ctx: setup.ctx, shellSeeding: { version: shellHarness, episodeSeed: input.seed } };
  // The live peer's provider is the cell's (default: the evaluator's as the spec wrote it).
  const peerProvider = () => parseProviderRef(cell.peer_provider ?? cell.evaluator) as ProviderRef;
  // The working memory is reached through the tools' env (and the live peer's own graph), never through
  // the episode graph's config: it is not given to that graph, for which LangGraph would poll a batching
  // queue on a zero-delay timer for the whole episode (a wake-up every millisecond while a call waits).
  await attachMemoryAndPeer({
    ctx: setup.ctx,
    fixture,
    memory,
    env,
    events: recorder,
    peerPort: () => portFor("peer", peerProvider(), peerSimPlaybook, []),
    signal: deps.signal,
  });
  const interview = cell.interview ? interviewRuntime(cell.interview, input, deps, recorder) : undefined;
  const runtime: EpisodeRuntime = {
    setup,
    world,
    tools: new Map(setup.tools.map((t) => [t.name, t])),
    env,
    evaluator,
    recorder,
    maxTurns: cell.max_turns,
    // Nodes check both: a reached budget stops the episode between steps, without cutting a call short.
    signal: deps.stop ? (deps.signal ? AbortSignal.any([deps.signal, deps.stop]) : deps.stop) : deps.signal,
    interview,
  };
  const graph = deps.graph ?? buildEpisodeGraph();
  let final: Awaited<ReturnType<typeof graph.invoke>>;
  try {
    final = await graph.invoke(
      { messages: [system, user] },
      { context: { runtime }, recursionLimit: cell.max_turns * 2 + 10 + (cell.interview?.turns ?? 0), signal: deps.signal },
    );
  } catch (e) {
    // The steps that ended before the failure are written, as they were when every step wrote; a
    // failing write here must not hide the error that stopped the episode.
    try {
      recorder.flushSettled();
    } catch {}
    throw e;
  }
  recorder.emit("episode_end", null, { turns: final.turn, end_reason: final.ended, nudges: final.nudges, tool_errors: final.toolErrors });
  const result: EpisodeResult = {
    digest: recorder.digest,
    turns: final.turn,
    endReason: final.ended ?? "turn_budget",
    nudges: final.nudges,
    toolErrors: final.toolErrors,
    result: final.result!,
    recorder,
  };
  const onEnd = input.onEnd;
  recorder.flush(onEnd ? () => onEnd(result) : undefined);
  return result;
}

function interviewRuntime(iv: NonNullable<CellKey["interview"]>, input: EpisodeInput, deps: EpisodeDeps, recorder: EpisodeRecorder): InterviewRuntime {
  if (!iv.interviewer || iv.questions?.length) return { turns: iv.turns, questions: iv.questions, interviewer: null };
  const provider = parseProviderRef(iv.interviewer) as ProviderRef;
  const settings = { temperature: 0 };
  const chat = input.offline
    ? new NeverCalledChatModel()
    : makeChatModel({
        provider,
        role: "interviewer",
        settings,
        seed: input.seed,
        scenario: input.cell.scenario,
        playbook: simInterviewerPlaybook,
        env: deps.env,
        baseUrl: input.baseUrl ?? deps.baseUrl,
      });
  const port = new ModelPort({
    role: "interviewer",
    provider,
    chat,
    tools: [],
    settings,
    recorder,
    governor: deps.governor,
    clock: deps.clock,
    replay: input.replay,
    price: priceOf(provider.id, deps.prices),
    signal: deps.signal,
  });
  return { turns: iv.turns, questions: iv.questions, interviewer: port };
}

export type { EventMismatch };
