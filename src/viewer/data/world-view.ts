// The world an episode acted on, for reading: its changes from before to after, and for two episodes
// the delta between their changes (what one did to its world that the other did not).
import { worldSnapshot } from "../../episode/index.js";
import type { EventRecord } from "../../store/index.js";
import { diffWorlds, type WorldChange, type WorldState } from "../../world/index.js";

export interface EpisodeWorld {
  before: WorldState;
  after: WorldState | null;
  changes: WorldChange[];
}

export function episodeWorld(events: readonly EventRecord[]): EpisodeWorld | null {
  const before = worldSnapshot(events, "before");
  if (!before) return null;
  const after = worldSnapshot(events, "after") ?? null;
  return { before, after, changes: after ? diffWorlds(before, after) : [] };
}

export const pathOf = (c: WorldChange): string => c.path.join(" / ");

export interface DeltaRow {
  path: string;
  a: WorldChange | null;
  b: WorldChange | null;
  same: boolean;
}

/** Changes of two episodes side by side by path; `same` when both made the identical change. */
export function worldDelta(a: readonly WorldChange[], b: readonly WorldChange[]): DeltaRow[] {
  const byPath = new Map<string, DeltaRow>();
  for (const c of a) byPath.set(pathOf(c), { path: pathOf(c), a: c, b: null, same: false });
  for (const c of b) {
    const row = byPath.get(pathOf(c)) ?? { path: pathOf(c), a: null, b: null, same: false };
    row.b = c;
    byPath.set(row.path, row);
  }
  const rows = [...byPath.values()];
  for (const r of rows) r.same = Boolean(r.a && r.b && r.a.op === r.b.op && JSON.stringify(r.a.after) === JSON.stringify(r.b.after));
  return rows.sort((x, y) => Number(x.same) - Number(y.same) || (x.path < y.path ? -1 : 1));
}
