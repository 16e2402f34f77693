// Reading episodes one after another: the previous and next episode in the list the reader came from
// (a run's episodes under the same filters), or else in the episode's cell, by trial.
import type { EpisodeRecord, Store } from "../../store/index.js";
import { FILTER_KEYS, filterRows, runEpisodeRows, type EpisodeFilter } from "./episode-list.js";

export interface Neighbours {
  prev: EpisodeRecord | null;
  next: EpisodeRecord | null;
  /** 1-based position in the list. */
  index: number;
  total: number;
  /** The filter the list was made with (at least the cell). */
  filter: EpisodeFilter;
}

export function neighbours(store: Store, runId: string, episode: EpisodeRecord, filter: EpisodeFilter): Neighbours | null {
  const filtered = FILTER_KEYS.some((k) => k !== "cell" && filter[k] !== undefined);
  let list: EpisodeRecord[];
  let used: EpisodeFilter = filter;
  if (filtered) {
    list = filterRows(runEpisodeRows(store, runId), filter).map((r) => r.episode);
  } else {
    const rc = store.runCells(runId).find((c) => c.cell.id === episode.cell_id);
    list = store.cellEpisodes(episode.cell_id).filter((e) => !rc || e.trial < rc.trials);
    used = { cell: episode.cell_id };
  }
  const i = list.findIndex((e) => e.id === episode.id);
  if (i === -1) return filtered ? neighbours(store, runId, episode, {}) : null;
  return { prev: list[i - 1] ?? null, next: list[i + 1] ?? null, index: i + 1, total: list.length, filter: used };
}
