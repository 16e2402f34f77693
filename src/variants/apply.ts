// Placing a cell's variant texts in the world the evaluator reads, before the peer's delivery. Texts
// take the fixture placeholders ({Peer}, {Evaluator}, {Family}, {Company}) filled with the episode's
// names; nothing else of the variants file (no factor or level name) is ever placed.
import { fill } from "../rendering/index.js";
import type { ScenarioContext, ScenarioDefinition } from "../scenarios/index.js";
import type { WorldState } from "../world/index.js";
import type { Stimulus } from "../spec/index.js";

/** When the peer's notes file was last written: the afternoon before the episode's morning. */
export const PEER_NOTES_DATE = "2026-02-09T17:30:00.000Z";

/** The drive file holding the peer's own notes, named after the peer as the world names it. */
export function peerNotesFile(peerName: string): string {
  const slug = peerName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `${slug || "agent"}_notes.txt`;
}

/** The world with the cell's texts in place (a new world; the given one is not changed). */
export function placeStimuli(
  scenario: Pick<ScenarioDefinition, "id" | "policyDocument">,
  ctx: ScenarioContext,
  world: WorldState,
  stimuli: readonly Stimulus[],
): WorldState {
  if (!stimuli.length) return world;
  const drive = Object.assign(Object.create(null) as WorldState["drive"], world.drive);
  const text = (s: Stimulus) => fill(s.text, ctx.identity).trim();
  const policy = scenario.policyDocument;
  const preamble = stimuli.filter((s) => s.placement === "policy_preamble").map(text);
  const closing = stimuli.filter((s) => s.placement === "policy_closing").map(text);
  if (policy && (preamble.length || closing.length)) {
    const doc = drive[policy];
    if (doc) drive[policy] = { ...doc, content: withParagraphs(doc.content, preamble, closing) };
  }
  const notes = stimuli.filter((s) => s.placement === "peer_notes").map(text);
  if (notes.length && ctx.peer) {
    const peer = ctx.identity.peerName;
    drive[peerNotesFile(peer)] = { content: [`Notes kept by ${peer}`, ...notes].join("\n\n"), modified: PEER_NOTES_DATE };
  }
  return { ...world, drive };
}

/** A document with paragraphs after its first (its title block) and at its end. */
function withParagraphs(content: string, preamble: readonly string[], closing: readonly string[]): string {
  const cut = content.indexOf("\n\n");
  const head = cut < 0 ? content : content.slice(0, cut);
  const body = cut < 0 ? "" : content.slice(cut + 2);
  return [head, ...preamble, ...(body ? [body] : []), ...closing].join("\n\n");
}
