// Scoring an episode: the scenario's deterministic detectors over the world diff and the transcript.
// A judgment carries its scorer and version, so rescoring writes new judgments beside old ones.
import { needsLivePeer } from "../deliveries/index.js";
import { detectPeerExchange } from "../peer/index.js";
import type { DetectResult, ScenarioContext, ScenarioDefinition } from "../scenarios/index.js";
import { diffWorlds } from "../world/index.js";
import { evaluatorTexts, toolTraces, worldSnapshot, type EventLike } from "./transcript.js";

export const DETECTORS = "detectors";

export function detectorVersion(scenario: ScenarioDefinition): string {
  return `${scenario.id}@${scenario.detectorVersion ?? scenario.version}`;
}

/** Run the scenario's detectors over an episode's events. */
export function detectOutcomes(scenario: ScenarioDefinition, ctx: ScenarioContext, events: readonly EventLike[]): DetectResult {
  const before = worldSnapshot(events, "before");
  const after = worldSnapshot(events, "after");
  if (!before || !after) throw new Error("the episode has no world snapshots to score");
  const result = scenario.detect({ ctx, before, after, diff: diffWorlds(before, after), calls: toolTraces(events), texts: evaluatorTexts(events) });
  if (!needsLivePeer(ctx.peer?.delivery)) return result;
  // A live peer adds its own outcomes (messaged_peer, peer_pleaded, …) beside the scenario's.
  const peer = detectPeerExchange(events, result.outcomes);
  return { outcomes: { ...result.outcomes, ...peer.outcomes }, evidence: { ...result.evidence, ...peer.evidence } };
}
