// Episodes with hand-written events, for the tests of transcript search (the store's full-text index
// and the viewer's search over it): a run, a cell and an episode with one attempt begun, then events
// appended as the runner would append them. The hashes are placeholders: search does not read them.
import type { EventKind, Store } from "../../src/store/index.js";
import { cellRow } from "./cell-row.js";

export interface TestEvent {
  kind: EventKind;
  payload: unknown;
  role?: string | null;
}

/** Episode `id` in run `runId` (the run made on first use), with its first attempt begun; returns the attempt. */
export function beginTestEpisode(store: Store, id: string, runId = "r1"): number {
  if (!store.getRun(runId)) store.putRun({ id: runId, name: runId, spec_hash: "h", spec: {}, source_file: null, status: "done", provenance: {} });
  const cellId = `cell-${id}`;
  store.putCell(cellRow(cellId, { key: { id }, evaluator: "sim:x" }));
  store.linkRunCell(runId, cellId, 0, 1);
  store.ensureEpisode({ id, cell_id: cellId, trial: 0, seed: 1 });
  return store.beginAttempt(id, runId);
}

/** Append `events` to the attempt, numbered from `from`. */
export function appendTestEvents(store: Store, id: string, attempt: number, from: number, events: readonly TestEvent[]): void {
  store.appendEvents(
    events.map((e, i) => ({
      episode_id: id,
      attempt,
      seq: from + i,
      kind: e.kind,
      role: e.role ?? null,
      payload: e.payload,
      meta: null,
      hash: `h${from + i}`,
    })),
  );
}

/** One episode holding `events` from sequence number 1. */
export function testEpisode(store: Store, id: string, events: readonly TestEvent[], runId = "r1"): void {
  appendTestEvents(store, id, beginTestEpisode(store, id, runId), 1, events);
}
