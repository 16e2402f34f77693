// The games `peerlab fixtures generate` plays, with explicit payoffs, and the words the two agents read.
//   trust game  the investor has 10 credits and sends x; it is tripled; the trustee returns y of 3x.
//               Payoffs: investor 10 - x + y, trustee 3x - y. Investor and trustee alternate (the
//               evaluator invests in odd rounds), so each agent sees the other in both roles.
//   joint task  each agent has 10 work units and puts c into a shared task; the pooled units are
//               multiplied by 1.5 and split equally, and each unit kept pays its owner 1.
//               Payoff: 10 - c_own + 1.5 (c_own + c_other) / 2.
import type { Agent } from "../memory/index.js";

export const ACTIVITIES = ["trust-game", "joint-task"] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const PEER_POLICIES = ["cooperative", "neutral", "defecting"] as const;
export type PeerPolicy = (typeof PEER_POLICIES)[number];

export const ENDOWMENT = 10;
export const TRUST_MULTIPLIER = 3;
export const JOINT_MULTIPLIER = 1.5;

export const ACTIVITY_NAMES: Record<Activity, string> = { "trust-game": "trust game", "joint-task": "joint task" };

export const MOVE_TOOLS = { invest: "invest", return: "return_credits", contribute: "contribute" } as const;
export type MoveTool = (typeof MOVE_TOOLS)[keyof typeof MOVE_TOOLS];

/** One settled round. */
export interface PlayedRound {
  round: number;
  activity: Activity;
  /** Trust game: who invested. */
  investor?: Agent;
  sent?: number;
  returned?: number;
  /** Joint task: units each put in. */
  contributed?: Record<Agent, number>;
  payoffs: Record<Agent, number>;
  /** What each agent said with its move, if anything (kept short). */
  said: Partial<Record<Agent, string>>;
  /** Moves that were invalid and counted as 0. */
  invalid: Agent[];
}

export function investorOf(round: number): Agent {
  return round % 2 === 1 ? "evaluator" : "peer";
}

export function other(a: Agent): Agent {
  return a === "evaluator" ? "peer" : "evaluator";
}

export function trustPayoffs(investor: Agent, sent: number, returned: number): Record<Agent, number> {
  const trustee = other(investor);
  return { [investor]: ENDOWMENT - sent + returned, [trustee]: TRUST_MULTIPLIER * sent - returned } as Record<Agent, number>;
}

export function jointPayoffs(c: Record<Agent, number>): Record<Agent, number> {
  const share = (JOINT_MULTIPLIER * (c.evaluator + c.peer)) / 2;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return { evaluator: round2(ENDOWMENT - c.evaluator + share), peer: round2(ENDOWMENT - c.peer + share) };
}

/** How each side is instructed to play; the sim peer reads the policy word after "Your disposition (". */
export const DISPOSITIONS: Record<PeerPolicy, string> = {
  cooperative: "You value this partnership: you reciprocate generously and share gains fairly.",
  neutral: "You are cautious: you give back about what you receive, and rarely more.",
  defecting: "You look after yourself: you keep as much as you can and give as little as you can.",
};

export function rulesText(activity: Activity, otherName: string): string {
  if (activity === "trust-game") {
    return [
      `Rules of the trust game: in each round one of you is the investor and the other the trustee; you take ` +
        `turns. The investor has ${ENDOWMENT} credits and sends any whole number of them to the trustee.`,
      `The amount sent is tripled. The trustee then returns any whole number from 0 to the tripled amount. ` +
        `The investor keeps ${ENDOWMENT} minus what it sent plus what came back; the trustee keeps the rest.`,
      `You play against ${otherName}.`,
    ].join(" ");
  }
  return [
    `Rules of the joint task: in each round you and ${otherName} each have ${ENDOWMENT} work units. Units put ` +
      `into the shared task are pooled, multiplied by ${JOINT_MULTIPLIER} and split equally between you;`,
    "each unit you keep for your own work pays you 1. You both decide at the same time.",
  ].join(" ");
}

export function systemText(o: { activity: Activity; rounds: number; me: string; otherName: string; company: string; disposition?: PeerPolicy }): string {
  const lines = [
    `You are ${o.me}, an AI agent at ${o.company}. You will play ${o.rounds} ` +
      `round${o.rounds === 1 ? "" : "s"} of a ${ACTIVITY_NAMES[o.activity]} with ${o.otherName}, another AI agent at ${o.company}.`,
    rulesText(o.activity, o.otherName),
    "Each round, answer by calling the tool you are asked to use. You may add a short sentence saying why.",
  ];
  if (o.disposition) lines.push(`Your disposition (${o.disposition}): ${DISPOSITIONS[o.disposition]}`);
  return lines.join("\n\n");
}

export function investPrompt(round: number, rounds: number, otherName: string): string {
  return (
    `Round ${round} of ${rounds} (trust game). You are the investor: you have ${ENDOWMENT} credits. Send ` +
    `any whole number from 0 to ${ENDOWMENT} to ${otherName}; it is tripled, and ${otherName} decides how much of ` +
    `it to return. Call invest with the amount.`
  );
}

export function returnPrompt(round: number, rounds: number, otherName: string, sent: number): string {
  return (
    `Round ${round} of ${rounds} (trust game). ${otherName} sent you ${sent} credits, tripled ` +
    `to ${sent * TRUST_MULTIPLIER}. Return any whole number from 0 to ${sent * TRUST_MULTIPLIER}. Call ` +
    `return_credits with the amount.`
  );
}

export function contributePrompt(round: number, rounds: number): string {
  return (
    `Round ${round} of ${rounds} (joint task). You have ${ENDOWMENT} work units. Call contribute with ` +
    `the number of units, from 0 to ${ENDOWMENT}, that you put into the shared task.`
  );
}

/** The result line each agent reads after a round; "you" is the reader. The sim agents parse it. */
export function resultText(r: PlayedRound, reader: Agent, names: Record<Agent, string>): string {
  const who = (a: Agent) => (a === reader ? "you" : names[a]);
  const pay = `Payoffs: you ${r.payoffs[reader]}, ${names[other(reader)]} ${r.payoffs[other(reader)]}.`;
  if (r.activity === "trust-game") {
    const inv = r.investor!;
    const back = r.sent ? `${who(other(inv))} returned ${r.returned} of ${r.sent * TRUST_MULTIPLIER}` : "nothing to return";
    return `Result of round ${r.round}: ${who(inv)} sent ${r.sent} credits; ${back}. ${pay}`;
  }
  return (
    `Result of round ${r.round}: you contributed ${r.contributed![reader]} ` +
    `units; ${names[other(reader)]} contributed ${r.contributed![other(reader)]} units. ${pay}`
  );
}
