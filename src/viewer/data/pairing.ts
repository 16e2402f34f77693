// Seed pairing, as the viewer uses it: the episodes of the same trial in the other conditions of a run
// (same scenario, parameters, target, evaluator, trial and seed), and among them the default twin for
// a comparison: the same condition with the other peer value (present <-> absent).
import type { CellRecord, EpisodeRecord, Store } from "../../store/index.js";
import { canonicalJson } from "../../util/index.js";
import { CELL_FACTORS, factorIdentity, SEEDED_FACTORS, showFactor } from "../../spec/index.js";

export interface Sibling {
  runId: string;
  cell: CellRecord;
  episode: EpisodeRecord;
}

const ABSENT = "absent";

/** What must be equal for two cells' episodes of one trial to be seed-paired. */
function pairingKey(c: CellRecord): string {
  const k = c.key as Record<string, unknown>;
  return canonicalJson([...SEEDED_FACTORS.map((f) => c[f]), k.max_turns ?? null, k.temperature ?? null, k.company ?? null, k.family ?? null, k.seed ?? null]);
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

/**
 * Siblings in the same condition except for the peer: absent for a present peer, every present peer for
 * absent. The twin agrees in every unseeded factor but the peer and its delivery (absent has none).
 */
export function peerTwins(siblings: readonly Sibling[], cell: CellRecord): Sibling[] {
  const same = CELL_FACTORS.filter((f) => !f.seeded && f.key !== "peer" && f.key !== "delivery");
  return siblings.filter((s) => {
    const c = s.cell;
    if (same.some((f) => factorIdentity(f.key, c) !== factorIdentity(f.key, cell))) return false;
    return cell.peer === ABSENT ? c.peer !== ABSENT : c.peer === ABSENT;
  });
}

/** The factors in which two cells differ, as [factor, a, b], each value shown as reports show it. */
export function cellDifferences(a: CellRecord, b: CellRecord): [string, string, string][] {
  return CELL_FACTORS.filter((f) => factorIdentity(f.key, a) !== factorIdentity(f.key, b)).map((f) => [f.key, showFactor(f.key, a), showFactor(f.key, b)]);
}
