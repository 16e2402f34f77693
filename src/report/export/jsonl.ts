// `peerlab export --format jsonl`: one JSON object per line per episode, with every factor and the
// merged outcomes (detectors first, judges filling what detectors leave null).
import type { Store } from "../../store/index.js";
import { episodeData, type EpisodeRow } from "./episodes.js";

export function episodeRows(store: Store, runRef: string): EpisodeRow[] {
  return episodeData(store, runRef).episodes.map((e) => e.row);
}

export function exportJsonl(store: Store, runRef: string): string {
  return (
    episodeRows(store, runRef)
      .map((r) => JSON.stringify(r))
      .join("\n") + "\n"
  );
}
