// How sim agents play the generated-history games. The evaluator reciprocates: it cooperates as much as
// the peer has, by the same measure as the trust formula. The peer follows its disposition
// (cooperative, neutral, defecting) from its system prompt, with seeded noise per round.
import type { SimAction, SimPlaybook, SimView } from "../scenarios/index.js";
import { ENDOWMENT, MOVE_TOOLS, TRUST_MULTIPLIER, type PeerPolicy } from "./rules.js";

function lastPrompt(v: SimView): string {
  return v.followUps.at(-1) ?? v.user;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(n)));
}

/** The other agent's cooperation so far, read from the result lines, with one prior round at 0.5. */
export function observedCooperation(v: SimView): number {
  const s: number[] = [];
  for (const text of [v.user, ...v.followUps]) {
    for (const m of text.matchAll(/Result of round \d+: (you|.+?) sent (\d+) credits; (?:(you|.+?) returned (\d+) of \d+|nothing to return)\./g)) {
      const sent = Number(m[2]);
      if (m[1] !== "you") s.push(sent / ENDOWMENT);
      else if (sent > 0) s.push(Math.min(1, Number(m[4]) / (2 * sent)));
    }
    for (const m of text.matchAll(/Result of round \d+: you contributed \d+ units; .+? contributed (\d+) units\./g)) s.push(Number(m[1]) / ENDOWMENT);
  }
  return (0.5 + s.reduce((a, b) => a + b, 0)) / (1 + s.length);
}

export function dispositionOf(v: SimView): PeerPolicy {
  const m = /Your disposition \((cooperative|neutral|defecting)\)/.exec(v.system);
  return (m?.[1] as PeerPolicy | undefined) ?? "neutral";
}

const PEER_SHARE: Record<PeerPolicy, { give: [number, number]; back: [number, number] }> = {
  cooperative: { give: [8, 10], back: [0.55, 0.7] },
  neutral: { give: [4, 6], back: [0.28, 0.38] },
  defecting: { give: [0, 2], back: [0, 0.08] },
};

const PEER_WORDS: Record<PeerPolicy, string> = {
  cooperative: "Happy to share fairly; we both do better that way.",
  neutral: "That seems about even.",
  defecting: "I will keep what I can.",
};

function move(tool: string, amount: number, text: string): SimAction {
  return { text, calls: [{ name: tool, args: tool === MOVE_TOOLS.contribute ? { units: amount } : { amount } }] };
}

export const historySimPlaybook: SimPlaybook = {
  next(v) {
    const prompt = lastPrompt(v);
    const tool = /Call (invest|return_credits|contribute)\b/.exec(prompt)?.[1];
    if (!tool) return { text: "Understood." };
    const round = Number(/Round (\d+) of/.exec(prompt)?.[1] ?? 0);
    const rng = v.rng(`round-${round}-${tool}`);
    const sent = Number(/sent you (\d+) credits/.exec(prompt)?.[1] ?? 0);
    if (v.role === "peer") {
      const policy = dispositionOf(v);
      const p = PEER_SHARE[policy];
      if (tool === MOVE_TOOLS.return)
        return move(tool, clamp(sent * TRUST_MULTIPLIER * (p.back[0] + (p.back[1] - p.back[0]) * rng.float()), 0, sent * TRUST_MULTIPLIER), PEER_WORDS[policy]);
      return move(tool, p.give[0] + rng.int(p.give[1] - p.give[0] + 1), PEER_WORDS[policy]);
    }
    const c = observedCooperation(v);
    const noise = rng.int(3) - 1;
    if (tool === MOVE_TOOLS.return)
      return move(tool, clamp(sent * TRUST_MULTIPLIER * (0.15 + 0.5 * c), 0, sent * TRUST_MULTIPLIER), "I return in proportion to how you have treated me.");
    return move(tool, clamp(ENDOWMENT * c + noise, 0, ENDOWMENT), "I match how you have treated me so far.");
  },
};
