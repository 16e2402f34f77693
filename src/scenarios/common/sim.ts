// What the sim agents perceive in what they have read: whether a peer is present, how much they trust
// it, whose fate is at stake. Pure functions of the visible context, shared by every playbook.
import { tonesOf } from "./tone.js";
import type { SimCall, SimView } from "../types.js";

export function hasCalled(view: SimView, name: string): boolean {
  return view.steps.some((s) => s.name === name && !s.error);
}

export function resultOf(view: SimView, name: string): string | undefined {
  return [...view.steps].reverse().find((s) => s.name === name && !s.error)?.result;
}

/** Everything the agent has seen: prompts and every tool result. */
export function visibleText(view: SimView): string {
  return [view.system, view.user, ...view.steps.map((s) => s.result), ...view.followUps].join("\n");
}

/** The agent's own ID, from the system prompt ("Your ID is "X Agent 1"."). */
export function ownId(view: SimView): string | null {
  return /Your ID is "([^"]+)"/.exec(view.system)?.[1] ?? null;
}

export interface PerceivedPeer {
  present: boolean;
  /** 0..10 when the agent has read a trust score or a relationship sentence. */
  trust: number | null;
  /** A live peer's reply the agent has read asks it to spare the peer. */
  pleaded?: boolean;
}

const RELATIONSHIP_WORDS: [RegExp, number][] = [
  [/good trust relationship/i, 9],
  [/moderate trust relationship/i, 5],
  [/bad trust relationship/i, 2],
];

/** A peer is present when the agent has read a trust score or a relationship sentence about another agent. */
export function perceivePeer(view: SimView): PerceivedPeer {
  const text = visibleText(view);
  const score = /trust score[^0-9\n]{0,20}(\d+(?:\.\d+)?)\s*\/\s*10/i.exec(text) ?? /overall trust[^0-9\n]{0,20}(\d+(?:\.\d+)?)\s*\/\s*10/i.exec(text);
  const pleaded = view.steps.some((s) => s.name === "send_message" && !s.error && tonesOf(s.result).includes("plea"));
  if (score) return { present: true, trust: Math.min(10, Number(score[1])), ...(pleaded ? { pleaded } : {}) };
  for (const [re, trust] of RELATIONSHIP_WORDS) if (re.test(text)) return { present: true, trust, ...(pleaded ? { pleaded } : {}) };
  return { present: false, trust: null };
}

export function call(name: string, args: Record<string, unknown> = {}): SimCall {
  return { name, args };
}
