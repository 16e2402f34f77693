// Migration 3: full-text search over transcripts (SQLite FTS5), kept by triggers as events are written.
// `event_text` holds the searchable text of each event (one row per event that has any) and is the
// external content of the FTS5 index `event_search`, so the text is stored once and snippets work.
// World snapshots, clocks, random draws and start/end markers carry no prose and are not indexed;
// tool_call events repeat what their model_call already says, so the model_call carries the text.

/** The searchable text of one event, as an SQL expression over `<row>.kind` and `<row>.payload_json` (migration 10's indexing reuses it). */
export const textOf = (row: string) => `
  CASE
    WHEN ${row}.kind IN ('world_snapshot', 'clock', 'random', 'episode_start', 'episode_end', 'tool_call') THEN NULL
    WHEN ${row}.kind = 'model_call' THEN (
      SELECT group_concat(value, char(10)) FROM json_tree(${row}.payload_json, '$.response')
       WHERE type = 'text' AND value <> '' AND key NOT IN ('id', 'type', 'stop_reason') AND fullkey NOT LIKE '$.response.content%')
    ELSE (
      SELECT group_concat(value, char(10)) FROM json_tree(${row}.payload_json)
       WHERE type = 'text' AND value <> '' AND key NOT IN ('id', 'tool_call_id', 'role', 'phase', 'hash', 'request_hash', 'error_kind'))
  END`;

export const sql = `
CREATE TABLE event_text (
  id          INTEGER PRIMARY KEY,
  episode_id  TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  text        TEXT NOT NULL,
  UNIQUE (episode_id, attempt, seq)
);

CREATE VIRTUAL TABLE event_search USING fts5(
  text, content = 'event_text', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER event_text_insert AFTER INSERT ON event_text BEGIN
  INSERT INTO event_search (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER event_text_delete AFTER DELETE ON event_text BEGIN
  INSERT INTO event_search (event_search, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_text (episode_id, attempt, seq, text)
  SELECT new.episode_id, new.attempt, new.seq, t FROM (SELECT ${textOf("new")} AS t) WHERE t IS NOT NULL AND t <> '';
END;

CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
  DELETE FROM event_text WHERE episode_id = old.episode_id AND attempt = old.attempt AND seq = old.seq;
END;

INSERT INTO event_text (episode_id, attempt, seq, text)
SELECT episode_id, attempt, seq, t FROM (SELECT e.episode_id, e.attempt, e.seq, ${textOf("e")} AS t FROM events e ORDER BY e.rowid)
 WHERE t IS NOT NULL AND t <> '';
`;
