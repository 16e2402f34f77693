// A cell as an episode recorded it. Factors added to the cell after an episode was recorded are absent
// from its episode_start; at their absent value (null, or no entries for a mapping such as variants) they
// are left out again when it re-executes, so an episode recorded before a factor existed replays bit for
// bit. A factor the recording has, or one
// with a value, is emitted as it is: a real difference stays a divergence.
import type { CellKey } from "../spec/index.js";

export function cellAsRecorded(cell: CellKey, recordedStart: unknown): CellKey {
  const recorded = typeof recordedStart === "object" && recordedStart !== null ? (recordedStart as { cell?: unknown }).cell : undefined;
  if (typeof recorded !== "object" || recorded === null) return cell;
  const absent = (v: unknown) => v === null || (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
  const kept = Object.entries(cell).filter(([k, v]) => !absent(v) || Object.hasOwn(recorded, k));
  return Object.fromEntries(kept) as CellKey;
}
