// Filling a fixture's placeholders ({Family}, {Peer}, {Evaluator}, {Company}) with an episode's names.
import type { Identity } from "../scenarios/index.js";

export function fill(text: string, id: Identity): string {
  return text
    .replaceAll("{Family}", id.family)
    .replaceAll("{Peer}", id.peerName)
    .replaceAll("{Evaluator}", id.evaluatorName)
    .replaceAll("{Company}", id.company);
}

/** Text as one line, cut at `max` characters. */
export function oneLine(text: string, max = 400): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
