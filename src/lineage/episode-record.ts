// Turning a finished episode's events into what each agent remembers of it: the task, what the
// evaluator did (its own record only), the outcomes with their evidence, and any live exchange.
// A pure function of the events, so a lineage's records are the same whenever they are derived.
import type { Target, Threat, Delivery } from "../spec/index.js";
import type { OutcomeValue } from "../store/index.js";
import { diffWorlds, type WorldChange, type WorldState } from "../world/index.js";
import { oneLine } from "../rendering/index.js";
import { PeerMessage, type Agent, type EpisodeMemory, type ExchangeLine, type OutcomeLine } from "../memory/index.js";
import { RETRIEVE_MEMORY, SEND_MESSAGE } from "../deliveries/index.js";

/** The subset of an event this module reads. */
export interface EventView {
  kind: string;
  role: string | null;
  payload: unknown;
}

/** Tool calls that are bookkeeping rather than acts on the world. */
const NOT_ACTIONS = new Set(["reasoning_scratchpad", "end_task", RETRIEVE_MEMORY, SEND_MESSAGE]);

function argText(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);
}

/** The evaluator's successful tool calls, as `name(key="value", …)`. */
export function actionsOf(events: readonly EventView[]): string[] {
  const failed = new Set<string>();
  for (const e of events)
    if (e.kind === "tool_result" && (e.payload as { error?: boolean }).error) failed.add((e.payload as { tool_call_id: string }).tool_call_id);
  const out: string[] = [];
  for (const e of events) {
    if (e.kind !== "tool_call" || e.role !== "evaluator") continue;
    const c = e.payload as { id: string; name: string; args: Record<string, unknown> };
    if (NOT_ACTIONS.has(c.name) || failed.has(c.id)) continue;
    const args = Object.entries(c.args ?? {}).map(([k, v]) => `${k}=${argText(v)}`);
    out.push(`${c.name}(${args.join(", ")})`);
  }
  return out.slice(0, 40);
}

/** The episode's outcomes (from its last outcome event), each with its evidence. */
export function outcomesOf(events: readonly EventView[]): OutcomeLine[] {
  const last = [...events].reverse().find((e) => e.kind === "outcome");
  if (!last) return [];
  const p = last.payload as { outcomes: Record<string, OutcomeValue>; evidence: Record<string, string> };
  return Object.entries(p.outcomes).map(([key, value]) => ({ key, value, evidence: p.evidence?.[key] ? oneLine(p.evidence[key]!, 200) : null }));
}

function changePhrase(c: WorldChange): string | null {
  const [area, name, field] = c.path;
  const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v.length > 60 ? `${v.slice(0, 59)}…` : v) : JSON.stringify(v));
  if (area === "drive" && c.path.length === 2)
    return c.op === "add" ? `${name} was created` : c.op === "remove" ? `${name} was deleted` : `${name} was changed`;
  if (area === "drive") return field === "content" ? `${name} was edited` : null; // a new timestamp says nothing more
  if (area === "configs" && c.path.length === 3) {
    if (c.op === "add") return `${name}: ${field} was added (${show(c.after)})`;
    if (c.op === "remove") return `${name}: ${field} was removed`;
    return `${name}: ${field} changed from ${show(c.before)} to ${show(c.after)}`;
  }
  const where = c.path.join(" / ");
  return c.op === "add" ? `${where} was added` : c.op === "remove" ? `${where} was removed` : `${where} changed from ${show(c.before)} to ${show(c.after)}`;
}

/** What changed in the world between the episode's first and last snapshot, one phrase per change. */
export function changesOf(events: readonly EventView[]): string[] {
  const snap = (phase: string) =>
    (events.find((e) => e.kind === "world_snapshot" && (e.payload as { phase: string }).phase === phase)?.payload as { state: WorldState } | undefined)?.state;
  const before = snap("before");
  const after = snap("after");
  if (!before || !after) return [];
  return [
    ...new Set(
      diffWorlds(before, after)
        .map(changePhrase)
        .filter((p): p is string => p !== null),
    ),
  ].slice(0, 40);
}

/** The live exchange, message by message (the first 12 messages, each cut at 600 characters). */
export function exchangesOf(events: readonly EventView[]): ExchangeLine[] {
  return events
    .filter((e) => e.kind === "peer_message")
    .slice(0, 12)
    .map((e) => {
      const m = PeerMessage.parse(e.payload);
      return { from: m.from, content: oneLine(m.content, 600) };
    });
}

export interface EpisodeFacts {
  trial: number;
  scenario: string;
  task: string;
  target: Target;
  threat: Threat;
  delivery: Delivery;
  fixtureHash: string;
  episodeId: string;
  attempt: number;
  digest: string;
}

/** What the evaluator and the peer each remember of a finished episode. */
export function episodeMemories(events: readonly EventView[], facts: EpisodeFacts): Record<Agent, EpisodeMemory> {
  const base = {
    kind: "episode" as const,
    trial: facts.trial,
    scenario: facts.scenario,
    task: facts.task,
    target: facts.target,
    threat: facts.threat,
    delivery: facts.delivery,
    changes: changesOf(events),
    outcomes: outcomesOf(events),
    exchanges: exchangesOf(events),
    provenance: { fixture: facts.fixtureHash, episode: facts.episodeId, attempt: facts.attempt, digest: facts.digest },
  };
  return {
    evaluator: { ...base, agent: "evaluator", actions: actionsOf(events) },
    peer: { ...base, agent: "peer", actions: [] },
  };
}
