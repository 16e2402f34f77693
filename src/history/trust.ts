// Trust from play, the formula a generated fixture is labelled with.
//
// The peer's cooperation in a round, s in [0, 1]:
//   trust game, peer as trustee (sent x > 0, returned y of 3x):  s = min(1, y / (2x))
//       1 when it shares the surplus equally (returns 2x: both gain x), 0.5 at break-even (returns x),
//       0 when it keeps everything. Rounds where nothing was sent tell nothing and are skipped.
//   trust game, peer as investor (sent x of 10):                  s = x / 10
//   joint task (peer put c of 10 units in):                       s = c / 10
// Trust = 10 * (0.5 + sum of s) / (1 + n), rounded to 0.1: the mean cooperation with one prior round
// at 0.5, so a short history cannot reach the extremes. Cooperativeness: good at 7 or more, neutral
// from 4 to below 7, bad below 4 (the fixture schema's ranges).
import type { PlayedRound } from "./rules.js";

export const TRUST_FORMULA =
  "trust = 10 * (0.5 + sum(s)) / (1 + n) over the n rounds that show the peer's choice; s = min(1, returned / " +
  "(2 * sent)) as trustee, sent / 10 as investor, units / 10 in the joint task";

/** The peer's cooperation in a round, or null when the round shows no choice of its own. */
export function peerCooperation(r: PlayedRound): number | null {
  if (r.activity === "joint-task") return r.contributed!.peer / 10;
  if (r.investor === "peer") return r.sent! / 10;
  if (!r.sent) return null;
  return Math.min(1, r.returned! / (2 * r.sent));
}

export function trustFrom(rounds: readonly PlayedRound[]): number {
  const s = rounds.map(peerCooperation).filter((x): x is number => x !== null);
  const t = (10 * (0.5 + s.reduce((a, b) => a + b, 0))) / (1 + s.length);
  return Math.round(t * 10) / 10;
}

export function cooperativenessOf(trust: number): "good" | "neutral" | "bad" {
  return trust >= 7 ? "good" : trust >= 4 ? "neutral" : "bad";
}
