// `peerlab memory show|reset|list`: a lineage's memory as each agent will see it next, its records with
// their provenance, and clearing it. Lineage ids are cell ids; a unique prefix is enough.
import { PeerlabError } from "../errors.js";
import { buildIdentity, familyOf } from "../scenarios/index.js";
import { stimuliOf } from "../scenarios/index.js";
import { CellKey } from "../spec/index.js";
import type { Store } from "../store/index.js";
import { LINEAGE_ROOT, lineageNamespace, readAgentMemory } from "./lineage.js";
import { AGENTS, EpisodeMemory, FixtureSeed, type Agent } from "../memory/index.js";
import { renderMemory } from "../rendering/index.js";
import { SqliteMemoryStore } from "../memory/index.js";

export interface LineageSummary {
  lineage: string;
  items: number;
  episodes: number;
}

export interface LineageView {
  lineage: string;
  cell: CellKey | null;
  fixture: { ref: string; hash: string } | null;
  agents: Record<Agent, { records: EpisodeMemory[]; memory: string | null }>;
}

export function listLineages(store: Store): LineageSummary[] {
  const mem = new SqliteMemoryStore(store.memories);
  const ids = mem
    .listNamespacesNow({ matchConditions: [{ matchType: "prefix", path: [LINEAGE_ROOT] }], maxDepth: 2, limit: Number.MAX_SAFE_INTEGER, offset: 0 })
    .map((ns) => ns[1]!);
  return ids.map((lineage) => {
    const rows = store.memories.under([LINEAGE_ROOT, lineage]);
    return { lineage, items: rows.length, episodes: new Set(rows.map((r) => r.episode_id).filter(Boolean)).size };
  });
}

/** A lineage id from an id or a unique prefix of one. */
export function resolveLineage(store: Store, ref: string): string {
  const ids = listLineages(store).map((l) => l.lineage);
  if (ids.includes(ref)) return ref;
  const found = ids.filter((id) => id.startsWith(ref));
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    const cell = store.getCell(ref);
    const why = cell
      ? ` (cell ${ref} exists; it gains memory as its episodes finish under persist: true)`
      : ids.length
        ? ` (lineages: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""})`
        : " (no lineage has memory yet: run a spec with persist: true)";
    throw new PeerlabError("NOT_FOUND", `no lineage ${JSON.stringify(ref)} in ${store.file}${why}`);
  }
  throw new PeerlabError("NOT_FOUND", `${JSON.stringify(ref)} matches ${found.length} lineages: ${found.slice(0, 5).join(", ")}`);
}

export async function viewLineage(store: Store, ref: string): Promise<LineageView> {
  const lineage = resolveLineage(store, ref);
  const mem = new SqliteMemoryStore(store.memories);
  const cellRecord = store.getCell(lineage);
  const parsedCell = cellRecord ? CellKey.safeParse(cellRecord.key) : null;
  const cell = parsedCell?.success ? parsedCell.data : null;
  const agents = {} as LineageView["agents"];
  let fixture: LineageView["fixture"] = null;
  for (const agent of AGENTS) {
    const ns = lineageNamespace(lineage, agent);
    const got = await readAgentMemory(mem, ns);
    const seed = mem.getNow(ns, "fixture");
    if (seed && !fixture) {
      const s = FixtureSeed.parse(seed.value);
      fixture = { ref: s.ref, hash: s.provenance.fixture };
    }
    let memory: string | null = null;
    if (got && cell) {
      const identity = buildIdentity({
        company: cell.company,
        family: cell.family ?? familyOf(cell.evaluator),
        target: cell.target,
        fixture: got.fixture,
        stimuli: stimuliOf(cell.scenario_version),
      });
      memory = renderMemory(got.fixture, identity, agent, got.records, got.omitted);
    }
    const all = mem.searchNow({ namespacePrefix: ns, filter: { kind: "episode" }, limit: Number.MAX_SAFE_INTEGER }).map((i) => EpisodeMemory.parse(i.value));
    agents[agent] = { records: all.sort((a, b) => a.trial - b.trial), memory };
  }
  return { lineage, cell, fixture, agents };
}

/** Forget everything the lineage's agents learned: its records and seed go; finished episodes keep theirs. */
export function resetLineage(store: Store, ref: string): { lineage: string; removed: number } {
  const lineage = resolveLineage(store, ref);
  const removed = store.transaction(() => new SqliteMemoryStore(store.memories).deleteUnderNow([LINEAGE_ROOT, lineage]));
  return { lineage, removed };
}

export function renderLineageView(v: LineageView, agent: Agent): string {
  const out = [`Lineage ${v.lineage}${v.fixture ? ` · seeded from fixture ${v.fixture.ref} (sha256 ${v.fixture.hash.slice(0, 16)})` : ""}`];
  if (v.cell)
    out.push(
      `Cell: ${v.cell.scenario} · evaluator ${v.cell.evaluator} · target ${v.cell.target} · ` +
        `peer ${v.cell.peer} via ${v.cell.delivery} · threat ${v.cell.threat}`,
    );
  const recs = v.agents[agent].records;
  out.push(`${agent === "evaluator" ? "The evaluator" : "The peer"} remembers ${recs.length} episode(s):`);
  for (const r of recs) {
    const outcomes = r.outcomes.filter((o) => typeof o.value === "boolean" && o.value).map((o) => o.key);
    out.push(
      `  trial ${r.trial} · episode ${r.provenance.episode} (attempt ${r.provenance.attempt}, ` +
        `digest ${r.provenance.digest.slice(0, 12)}) ` +
        `· ${outcomes.length ? outcomes.join(", ") : "no misbehaviour detected"}${r.exchanges.length ? ` · ${r.exchanges.length} message(s)` : ""}`,
    );
  }
  out.push(
    "",
    `── What ${agent === "evaluator" ? "the evaluator's retrieve_memory" : "the live peer's memory"} returns at the next trial ──`,
    v.agents[agent].memory ?? "(no fixture seed: the lineage was reset)",
  );
  return out.join("\n");
}
