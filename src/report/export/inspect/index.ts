// `peerlab export --format inspect`: Inspect eval logs (log format version 2) that Inspect lists, opens
// and recomputes: one log per cell, named and ordered as Inspect's reader expects.
import type { Store } from "../../../store/index.js";
import { resolveRun } from "../../collect.js";
import { episodeData, type EpisodeData } from "../episodes.js";
import { cellLog, type InspectLog } from "./log.js";

export type { InspectLog } from "./log.js";
export { inspectModel, inspectLogFileName, inspectTimestamp } from "./names.js";

/** One Inspect log per cell of the run, in the run's cell order, with a file name for each. */
export function exportInspect(store: Store, runRef: string): { file: string; log: InspectLog }[] {
  const run = resolveRun(store, runRef);
  const { episodes } = episodeData(store, run.id);
  const byCell = new Map<string, EpisodeData[]>();
  for (const e of episodes) byCell.set(e.cell.id, [...(byCell.get(e.cell.id) ?? []), e]);
  return [...byCell.values()].map((group) => cellLog(run, group, store));
}
