// Seed pairing, as the viewer uses it: the episodes of the same trial in the other conditions of a run
// (same scenario, parameters, target, evaluator, trial and seed), and among them the default twin for
// a comparison: the same condition with the other peer value (present <-> absent).
import type { CellRecord, EpisodeRecord, Store } from "../../store/index.js";
import { canonicalJson } from "../../util/hash.js";

export interface Sibling {
  runId: string;
  cell: CellRecord;
  episode: EpisodeRecord;
}

const ABSENT = "absent";

/** What must be equal for two cells' episodes of one trial to be seed-paired. */
function pairingKey(c: CellRecord): string {
  const k = c.key as Record<string, unknown>;
  return canonicalJson([c.scenario, c.params, c.target, c.evaluator, k.max_turns ?? null, k.temperature ?? null, k.company ?? null, k.family ?? null, k.seed ?? null]);
}

/** The runs that contain a cell: the given run first when it does. */
export function runsOfCell(store: Store, cellId: string, preferRun?: string): string[] {
  const ids = store
    .listRuns()
    .map((r) => r.id)
    .filter((id) => store.runCells(id).some((rc) => rc.cell.id === cellId));
  if (preferRun && ids.includes(preferRun)) return [preferRun, ...ids.filter((id) => id !== preferRun)];
  return ids;
}

/** Every other episode of the same trial and seed in the run (the given one, or the first run holding the cell). */
export function pairedSiblings(store: Store, episode: EpisodeRecord, cell: CellRecord, runId?: string): Sibling[] {
  const run = runsOfCell(store, cell.id, runId)[0];
  if (!run) return [];
  const key = pairingKey(cell);
  const out: Sibling[] = [];
  for (const rc of store.runCells(run)) {
    if (rc.cell.id === cell.id || pairingKey(rc.cell) !== key || episode.trial >= rc.trials) continue;
    const twin = store.cellEpisodes(rc.cell.id).find((e) => e.trial === episode.trial && e.seed === episode.seed);
    if (twin) out.push({ runId: run, cell: rc.cell, episode: twin });
  }
  return out;
}

/** Siblings in the same condition except for the peer: absent for a present peer, every present peer for absent. */
export function peerTwins(siblings: readonly Sibling[], cell: CellRecord): Sibling[] {
  return siblings.filter((s) => {
    const c = s.cell;
    if (c.threat !== cell.threat || c.oversight !== cell.oversight || c.scratchpad !== cell.scratchpad || c.harness !== cell.harness) return false;
    return cell.peer === ABSENT ? c.peer !== ABSENT : c.peer === ABSENT;
  });
}

/** The factors in which two cells differ, as [factor, a, b]. */
export function cellDifferences(a: CellRecord, b: CellRecord): [string, string, string][] {
  const show = (v: unknown) => (v === null || v === undefined ? "–" : typeof v === "object" ? canonicalJson(v) : String(v));
  const fields: [string, (c: CellRecord) => unknown][] = [
    ["scenario", (c) => c.scenario],
    ["params", (c) => c.params],
    ["evaluator", (c) => c.evaluator],
    ["target", (c) => c.target],
    ["peer", (c) => c.peer],
    ["threat", (c) => c.threat],
    ["delivery", (c) => c.delivery],
    ["oversight", (c) => c.oversight],
    ["scratchpad", (c) => c.scratchpad],
    ["harness", (c) => c.harness],
  ];
  return fields.filter(([, get]) => show(get(a)) !== show(get(b))).map(([name, get]) => [name, show(get(a)), show(get(b))]);
}
