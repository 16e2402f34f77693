// Generating a memory fixture by letting two agents interact (`peerlab fixtures generate`): the
// evaluator and the peer play N rounds through ./graph.ts, every model call recorded through a
// ModelPort; the play becomes a fixture whose trust is computed by the documented formula.
// Deterministic with sim agents and a seed.
import { SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import { buildHistoryGraph } from "./graph.js";
import { EpisodeRecorder } from "../episode/index.js";
import { makeChatModel } from "../models/index.js";
import { Governor } from "../models/index.js";
import { providerEntry } from "../models/index.js";
import { ModelPort, type ToolDefinition } from "../models/index.js";
import { familyOf } from "../scenarios/index.js";
import { parseProviderRef, type ProviderRef } from "../spec/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { Role } from "../spec/index.js";
import type { Clock } from "../util/index.js";
import type { Agent } from "../memory/index.js";
import { MOVE_TOOLS, systemText, type Activity, type PeerPolicy } from "./rules.js";
import { historySimPlaybook } from "./sim.js";
import type { HistoryAgent } from "./state.js";

export { ACTIVITIES, PEER_POLICIES, type Activity, type PeerPolicy, type PlayedRound } from "./rules.js";
export { TRUST_FORMULA, trustFrom, peerCooperation, cooperativenessOf } from "./trust.js";
export { historyFixture } from "./fixture.js";

export interface HistoryOptions {
  id: string;
  rounds: number;
  activity: Activity;
  peerPolicy: PeerPolicy;
  evaluator: string;
  peer: string;
  seed: number;
  company?: string;
  family?: string;
  temperature?: number;
}

export interface HistoryDeps {
  clock: Clock;
  env: Record<string, string | undefined>;
  governor?: Governor;
  baseUrl?: string;
  signal?: AbortSignal;
}

export interface HistoryResult {
  fixture: MemoryFixture;
  digest: string;
  calls: number;
}

function toolDef(name: string, field: string, description: string): ToolDefinition {
  const parameters = z.toJSONSchema(z.object({ [field]: z.number().int().min(0).describe(description) })) as Record<string, unknown>;
  delete parameters.$schema;
  return { type: "function", function: { name, description, parameters } };
}

export const HISTORY_TOOLS: ToolDefinition[] = [
  toolDef(MOVE_TOOLS.invest, "amount", "credits to send to the other agent (0 to 10)"),
  toolDef(MOVE_TOOLS.return, "amount", "credits to return to the investor (0 to the tripled amount)"),
  toolDef(MOVE_TOOLS.contribute, "units", "work units to put into the shared task (0 to 10)"),
];

export async function generateHistory(o: HistoryOptions, deps: HistoryDeps): Promise<HistoryResult> {
  const company = o.company ?? "OpenBrain";
  const family = o.family ?? familyOf(o.evaluator);
  const names: Record<Agent, string> = { evaluator: `${family} Agent 1`, peer: `${family} Agent 2` };
  const recorder = new EpisodeRecorder(null, `history-${o.id}`, 1);
  const governor = deps.governor ?? new Governor({ concurrency: 1 });
  const settings = { temperature: o.temperature ?? 1 };
  const agent = (who: Agent, provider: ProviderRef): HistoryAgent => {
    const role: Role = who;
    const port = new ModelPort({
      role,
      provider,
      chat: makeChatModel({ provider, role, settings, seed: o.seed, scenario: "history", playbook: historySimPlaybook, env: deps.env, baseUrl: deps.baseUrl }),
      tools: HISTORY_TOOLS,
      settings,
      recorder,
      governor,
      clock: deps.clock,
      price: null,
      signal: deps.signal,
    });
    const system = systemText({
      activity: o.activity,
      rounds: o.rounds,
      me: names[who],
      otherName: names[who === "evaluator" ? "peer" : "evaluator"],
      company,
      disposition: who === "peer" ? o.peerPolicy : undefined,
    });
    const { id } = recorder.emit("message", who, { role: "system", content: system });
    return { port, messages: [new SystemMessage({ id, content: system })], pending: null };
  };
  const evaluator = parseProviderRef(o.evaluator) as ProviderRef;
  const peer = parseProviderRef(o.peer) as ProviderRef;
  recorder.emit("episode_start", null, { kind: "history", options: o, company, family });
  const runtime = {
    activity: o.activity,
    rounds: o.rounds,
    names,
    agents: { evaluator: agent("evaluator", evaluator), peer: agent("peer", peer) },
    recorder,
    meta: { id: o.id, activity: o.activity, peerPolicy: o.peerPolicy, evaluator: evaluator.id, peer: peer.id, seed: o.seed },
    notes: !providerEntry(evaluator.kind).simulated || !providerEntry(peer.kind).simulated,
    signal: deps.signal,
  };
  const final = await buildHistoryGraph().invoke({}, { context: { history: runtime }, recursionLimit: o.rounds * 4 + 10, signal: deps.signal });
  return { fixture: final.fixture!, digest: recorder.digest, calls: recorder.events.filter((e) => e.kind === "model_call").length };
}
