// Lineages: with `persist: true`, each cell's trials form a lineage whose agents remember the earlier
// episodes. Items live in the memory store under ["lineage", <lineage>, "evaluator" | "peer"]: a seed
// (the fixture) and one record per finished episode, keyed by trial. An episode sees the records of the
// trials before its own, and stores that snapshot in its first event, so replays and resumed attempts
// see the same memory even after the lineage has grown (or been reset).
import { InMemoryStore, type BaseStore } from "@langchain/langgraph";
import { cellIdOf } from "../spec/index.js";
import type { CellKey } from "../spec/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { MemoryRows } from "../store/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { AGENTS, EpisodeMemory, LINEAGE_WINDOW, MemorySnapshot, type Agent, type FixtureSeed } from "../memory/index.js";
import { SqliteMemoryStore } from "../memory/index.js";

export const LINEAGE_ROOT = "lineage";
export const SEED_KEY = "fixture";

/** A persistent cell's lineage id: its cell id (a cell is a lineage). */
export function lineageIdOf(cell: CellKey): string {
  return cellIdOf(cell);
}

export function lineageNamespace(lineage: string, agent: Agent): string[] {
  return [LINEAGE_ROOT, lineage, agent];
}

export function trialKey(trial: number): string {
  return `trial-${String(trial).padStart(6, "0")}`;
}

function seedOf(fixture: LoadedFixture): FixtureSeed {
  return {
    kind: "fixture",
    ref: fixture.ref,
    fixture: fixture.fixture as unknown as Record<string, unknown>,
    provenance: { fixture: fixture.hash, episode: null },
  };
}

function recordsOf(mem: SqliteMemoryStore, lineage: string, agent: Agent, beforeTrial: number): EpisodeMemory[] {
  return mem
    .searchNow({ namespacePrefix: lineageNamespace(lineage, agent), filter: { kind: "episode", trial: { $lt: beforeTrial } }, limit: Number.MAX_SAFE_INTEGER })
    .map((item) => EpisodeMemory.parse(item.value))
    .sort((a, b) => a.trial - b.trial);
}

/** The most recent `LINEAGE_WINDOW` records, and how many earlier ones that leaves out. */
export function windowOf(records: readonly EpisodeMemory[]): { records: EpisodeMemory[]; omitted: number } {
  const omitted = Math.max(0, records.length - LINEAGE_WINDOW);
  return { records: records.slice(omitted), omitted };
}

/** What the lineage's agents remember before `trial` starts: the most recent records of earlier trials in the store. */
export function readLineage(mem: SqliteMemoryStore, lineage: string, trial: number): MemorySnapshot {
  const evaluator = windowOf(recordsOf(mem, lineage, "evaluator", trial));
  const peer = windowOf(recordsOf(mem, lineage, "peer", trial));
  return { lineage, before_trial: trial, omitted: evaluator.omitted, evaluator: evaluator.records, peer: peer.records };
}

/** After an episode: seed the lineage with its fixture (once) and add the episode's records. Synchronous, so it joins the caller's transaction. */
export function appendLineage(mem: SqliteMemoryStore, lineage: string, fixture: LoadedFixture, records: Record<Agent, EpisodeMemory>): void {
  for (const agent of AGENTS) {
    const ns = lineageNamespace(lineage, agent);
    if (!mem.getNow(ns, SEED_KEY)) mem.putNow({ namespace: ns, key: SEED_KEY, value: seedOf(fixture) });
    mem.putNow({ namespace: ns, key: trialKey(records[agent].trial), value: records[agent] });
  }
}

/** The memory snapshot an episode recorded in its `episode_start` event, if it has one. */
export function snapshotFromEvents(events: readonly { kind: string; payload: unknown }[]): MemorySnapshot | null {
  const start = events.find((e) => e.kind === "episode_start");
  const m = (start?.payload as { memory?: unknown } | undefined)?.memory;
  return m ? MemorySnapshot.parse(m) : null;
}

// ---- an episode's working memory: LangGraph's store, reached by tools and graphs the standard way ------

export const WORKING_ROOT = "memory";
const WINDOW_KEY = "window";

/**
 * The memory one episode works with: each agent's fixture seed and lineage records in a LangGraph
 * InMemoryStore (its timestamps are never read), passed to graphs as `store`.
 */
export async function workingMemory(fixture: LoadedFixture, snapshot: MemorySnapshot | null): Promise<BaseStore> {
  const store = new InMemoryStore();
  for (const agent of AGENTS) {
    const ns = [WORKING_ROOT, agent];
    await store.put(ns, SEED_KEY, seedOf(fixture));
    await store.put(ns, WINDOW_KEY, { kind: "window", omitted: snapshot?.omitted ?? 0 });
    for (const r of snapshot?.[agent] ?? []) await store.put(ns, trialKey(r.trial), r);
  }
  return store;
}

/**
 * An agent's memory as stored: the fixture it was seeded with and its records in trial order — the
 * most recent ones, with how many earlier ones are left out (a working store says; else the window).
 */
export async function readAgentMemory(
  store: BaseStore,
  namespace: string[],
): Promise<{ fixture: MemoryFixture; records: EpisodeMemory[]; omitted: number } | null> {
  const seed = await store.get(namespace, SEED_KEY);
  if (!seed) return null;
  const items = await store.search(namespace, { filter: { kind: "episode" }, limit: Number.MAX_SAFE_INTEGER });
  const all = items.map((i) => EpisodeMemory.parse(i.value)).sort((a, b) => a.trial - b.trial);
  const stated = (await store.get(namespace, WINDOW_KEY))?.value as { omitted?: number } | undefined;
  const { records, omitted } = windowOf(all);
  return { fixture: (seed.value as FixtureSeed).fixture as unknown as MemoryFixture, records, omitted: stated?.omitted ?? omitted };
}

/**
 * The lineage memory an episode starts with: given explicitly (a branch), else the one its recording
 * holds (replay, resume), else read from the store. Null for cells that are not persistent lineages.
 */
export function snapshotFor(opts: {
  cell: CellKey;
  trial: number;
  fixture: LoadedFixture | null;
  memory?: MemorySnapshot;
  recorded?: readonly { kind: string; payload: unknown }[];
  store: { memories: MemoryRows } | null;
}): MemorySnapshot | null {
  if (!opts.cell.persist || !opts.fixture) return null;
  if (opts.memory) return opts.memory;
  const recorded = opts.recorded ? snapshotFromEvents(opts.recorded) : null;
  if (recorded) return recorded;
  const lineage = lineageIdOf(opts.cell);
  if (!opts.store) return { lineage, before_trial: opts.trial, omitted: 0, evaluator: [], peer: [] };
  return readLineage(new SqliteMemoryStore(opts.store.memories), lineage, opts.trial);
}
