// Everything needed to re-run a stored episode, read from the database alone: its cell key, its
// fixture (by content hash), its seed and trial, and the events of the chosen attempt.
import { PeerlabError } from "../errors.js";
import { episodeEvents } from "../episode/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { resolveEpisode } from "../report/index.js";
import { CellKey } from "../spec/index.js";
import { MemoryFixture } from "../spec/index.js";
import type { EpisodeRecord, EventRecord, Store } from "../store/index.js";

export interface StoredEpisode {
  episode: EpisodeRecord;
  attempt: number;
  cell: CellKey;
  fixture: LoadedFixture | null;
  /** The attempt's events through episode_end (judge events appended later are left out). */
  events: EventRecord[];
}

/** Imported episodes keep the study's transcript; there are no requests of ours to replay or branch. */
export function refuseImported(s: StoredEpisode): void {
  if (s.cell.evaluator.startsWith("imported:")) {
    throw new PeerlabError(
      "REPLAY_UNAVAILABLE",
      `episode ${s.episode.id} was imported from another tool's transcript; it can be shown, viewed and rescored, not replayed or branched`,
    );
  }
}

export function loadStoredEpisode(store: Store, ref: string, attempt?: number): StoredEpisode {
  const episode = resolveEpisode(store, ref);
  const a = attempt ?? episode.attempt;
  const att = store.getAttempt(episode.id, a);
  if (!att) throw new PeerlabError("NOT_FOUND", `episode ${episode.id} has no attempt ${a}${a === 0 ? " (it has never run)" : ""}`);
  const cellRow = store.getCell(episode.cell_id)!;
  const parsed = CellKey.safeParse(cellRow.key);
  if (!parsed.success)
    throw new PeerlabError(
      "REPLAY_UNAVAILABLE",
      `episode ${episode.id} belongs to a cell this peerlab cannot re-run (${cellRow.evaluator}); imported episodes can be shown and rescored, not replayed`,
    );
  const cell = parsed.data;
  let fixture: LoadedFixture | null = null;
  if (cell.peer_hash) {
    const stored = store.getFixture(cell.peer_hash);
    if (!stored)
      throw new PeerlabError("REPLAY_UNAVAILABLE", `the fixture ${cell.peer} (${cell.peer_hash.slice(0, 12)}) of episode ${episode.id} is not in the database`);
    fixture = { ref: cell.peer, path: `(stored ${cell.peer_hash.slice(0, 12)})`, fixture: MemoryFixture.parse(stored.content), hash: cell.peer_hash };
  }
  return { episode, attempt: a, cell, fixture, events: episodeEvents(store.listEvents(episode.id, a)) };
}
