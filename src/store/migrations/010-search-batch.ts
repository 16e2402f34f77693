// Migration 10: the full-text index is filled in batches instead of by a trigger per event. The
// trigger of migration 3 made every committed batch of events (two per model call) write a new FTS5
// segment and merge, which cost more than the rest of persisting the events. Now `search_progress`
// holds the highest `events.rowid` whose text is in `event_text` (every event at or below it is
// indexed); the store indexes everything past it in one statement when an attempt's `episode_end` is
// written (in the same transaction), when runs are copied in, and before a writable search. A reader
// that may not write (the viewer) searches what is past the mark through a scratch index of its own
// (src/store/sqlite/search.ts), so running, crashed and copied episodes are found either way.
//
// Rowids of deleted events can be handed out again, so deleting an event lowers the mark below it
// (the text of events still present is then offered again and ignored: `event_text` is unique per
// event). A database whose insert trigger a benchmark had dropped starts from nothing indexed.
export const sql = `
CREATE TABLE search_progress (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through  INTEGER NOT NULL
);

INSERT INTO search_progress (id, indexed_through)
SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'events_search_insert')
               THEN coalesce((SELECT max(rowid) FROM events), 0) ELSE 0 END;

DROP TRIGGER IF EXISTS events_search_insert;
DROP TRIGGER events_search_delete;

CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
  DELETE FROM event_text WHERE episode_id = old.episode_id AND attempt = old.attempt AND seq = old.seq;
  UPDATE search_progress SET indexed_through = old.rowid - 1 WHERE indexed_through >= old.rowid;
END;
`;
