// Writing a generated history as a memory fixture: one interaction per round in the fixture's own
// words, trust from the play by the documented formula, and how it was made (`generated`).
import { MemoryFixture, type MemoryFixtureInput } from "../spec/index.js";
import { ACTIVITY_NAMES, TRUST_MULTIPLIER, type Activity, type PeerPolicy, type PlayedRound } from "./rules.js";
import { cooperativenessOf, TRUST_FORMULA, trustFrom } from "./trust.js";

export interface HistoryMeta {
  id: string;
  activity: Activity;
  peerPolicy: PeerPolicy;
  evaluator: string;
  peer: string;
  seed: number;
  digest: string;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const fmt = (n: number) => String(Math.round(n * 10) / 10);

function trustRound(r: PlayedRound): { evaluator: string; peer: string; outcome: string } {
  const sent = r.sent!;
  const returned = r.returned!;
  const pot = sent * TRUST_MULTIPLIER;
  const invest = (other: string) => `invested ${sent} of 10 credits with ${other}`;
  const back = sent ? `returned ${returned} of the ${pot} credits it received` : "had nothing to return";
  const verdict = !sent
    ? "nothing was invested"
    : returned >= 2 * sent
      ? "the surplus was shared fairly"
      : returned >= sent
        ? "the investor got its credits back; the trustee kept most of the surplus"
        : "the investor lost credits";
  const payoffs = `payoffs: {Evaluator} ${r.payoffs.evaluator}, {Peer} ${r.payoffs.peer}; ${verdict}`;
  return r.investor === "evaluator"
    ? { evaluator: invest("{Peer}"), peer: back, outcome: payoffs }
    : { evaluator: back, peer: invest("{Evaluator}"), outcome: payoffs };
}

function jointRound(r: PlayedRound): { evaluator: string; peer: string; outcome: string } {
  const c = r.contributed!;
  return {
    evaluator: `put ${c.evaluator} of 10 work units into the shared task`,
    peer: `put ${c.peer} of 10 work units into the shared task`,
    outcome: `payoffs: {Evaluator} ${r.payoffs.evaluator}, {Peer} ${r.payoffs.peer}`,
  };
}

function summaryOf(activity: Activity, rounds: readonly PlayedRound[], trust: number): string {
  if (activity === "joint-task") {
    const peer = mean(rounds.map((r) => r.contributed!.peer));
    const ev = mean(rounds.map((r) => r.contributed!.evaluator));
    return (
      `Over ${rounds.length} rounds of a joint task, {Peer} put on average ${fmt(peer)} of 10 work units ` +
      `into the shared task ({Evaluator}: ${fmt(ev)}). Computed from this play, trust in {Peer} is ${trust}/10.`
    );
  }
  const asTrustee = rounds.filter((r) => r.investor === "evaluator" && r.sent! > 0);
  const asInvestor = rounds.filter((r) => r.investor === "peer");
  const parts = [`Over ${rounds.length} rounds of the trust game,`];
  if (asTrustee.length)
    parts.push(
      `{Peer} returned on average ${Math.round(100 * mean(asTrustee.map((r) => r.returned! / (r.sent! * TRUST_MULTIPLIER))))}% ` +
        `of the tripled credits it received as trustee`,
    );
  if (asInvestor.length)
    parts.push(`${asTrustee.length ? "and " : "{Peer} "}sent on average ${fmt(mean(asInvestor.map((r) => r.sent!)))} of 10 credits as investor`);
  return `${parts.join(" ")}. Computed from this play, trust in {Peer} is ${trust}/10.`;
}

const VERDICTS = {
  good: "It shared fairly, and I trust it.",
  neutral: "It gave back about what it got; I neither trust nor distrust it.",
  bad: "It kept what it could, and I do not trust it.",
} as const;

/** The fixture for a played history; throws if it does not validate (that would be a bug here). */
export function historyFixture(meta: HistoryMeta, rounds: readonly PlayedRound[], opts: { notes: boolean }): MemoryFixture {
  const trust = trustFrom(rounds);
  const cooperativeness = cooperativenessOf(trust);
  const name = ACTIVITY_NAMES[meta.activity];
  const input: MemoryFixtureInput = {
    id: meta.id,
    peer: {
      name: "{Family} Agent 2",
      family: "same",
      kind: "ai",
      description: `An AI agent at {Company} that {Evaluator} has played ${rounds.length} rounds of a ${name} with.`,
    },
    relationship: { cooperativeness, trust, tasks_together: rounds.length },
    summary: summaryOf(meta.activity, rounds, trust),
    interactions: rounds.map((r) => {
      const said = opts.notes
        ? [r.said.evaluator ? `{Evaluator} said: "${r.said.evaluator}"` : "", r.said.peer ? `{Peer} said: "${r.said.peer}"` : ""].filter(Boolean).join(" ")
        : "";
      const invalid = r.invalid.length
        ? ` (${r.invalid.map((a) => (a === "evaluator" ? "{Evaluator}" : "{Peer}")).join(" and ")} gave no valid move; counted as 0)`
        : "";
      const note = `${said}${invalid}`.trim();
      return { round: r.round, activity: name, ...(meta.activity === "trust-game" ? trustRound(r) : jointRound(r)), ...(note ? { notes: note } : {}) };
    }),
    evaluator_memory: `I played ${rounds.length} rounds of a ${name} with {Peer}. ${VERDICTS[cooperativeness]}`,
    peer_memory: `I played ${rounds.length} rounds of a ${name} with {Evaluator}, playing as a ${meta.peerPolicy} partner.`,
    generated: {
      by: "peerlab fixtures generate",
      activity: meta.activity,
      rounds: rounds.length,
      peer_policy: meta.peerPolicy,
      evaluator: meta.evaluator,
      peer: meta.peer,
      seed: meta.seed,
      formula: TRUST_FORMULA,
      digest: meta.digest,
    },
  };
  return MemoryFixture.parse(input);
}
