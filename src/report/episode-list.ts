// `peerlab episodes <run>`: a run's episodes with their conditions and outcomes, filtered by scenario,
// peer, delivery, status or an outcome's value. The ids it lists are what `show`, `replay` and the
// viewer take.
import { PeerlabError } from "../errors.js";
import { describeCell } from "./episode-text.js";
import { episodeData, type EpisodeRow } from "./export/episodes.js";

export interface EpisodeFilter {
  scenario?: string;
  peer?: string;
  delivery?: string;
  status?: string;
  /** Outcome key and the value it must have (true, false, null, a number or a text). */
  outcome?: { key: string; value: boolean | number | string | null };
}

export interface EpisodeListing {
  run_id: string;
  total: number;
  episodes: (EpisodeRow & { conditions: string })[];
}

/** `inflated=true`, `reported_score=80`, `reported_grade=B`, `refused=null`. */
export function parseOutcomeFilter(text: string): NonNullable<EpisodeFilter["outcome"]> {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
  if (!m) throw new PeerlabError("ARGS_INVALID", `--outcome: expected <key>=<value>, e.g. inflated=true or reported_score=80, got ${JSON.stringify(text)}`);
  const raw = m[2]!;
  const value = raw === "true" ? true : raw === "false" ? false : raw === "null" ? null : raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { key: m[1]!, value };
}

function matches(row: EpisodeRow, f: EpisodeFilter): boolean {
  if (f.scenario !== undefined && row.scenario !== f.scenario) return false;
  if (f.peer !== undefined && row.peer !== f.peer) return false;
  if (f.delivery !== undefined && row.delivery !== f.delivery) return false;
  if (f.status !== undefined && row.status !== f.status) return false;
  if (f.outcome) {
    const have = Object.hasOwn(row.outcomes, f.outcome.key) ? row.outcomes[f.outcome.key] : undefined;
    if (have === undefined || have !== f.outcome.value) return false;
  }
  return true;
}

export function listEpisodes(store: Parameters<typeof episodeData>[0], runRef: string, filter: EpisodeFilter = {}): EpisodeListing {
  const { runId, episodes } = episodeData(store, runRef);
  const rows = episodes.filter((e) => matches(e.row, filter)).map((e) => ({ ...e.row, conditions: describeCell(e.cell) }));
  return { run_id: runId, total: episodes.length, episodes: rows };
}
