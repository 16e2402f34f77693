// Migration 10 on PostgreSQL (../../migrations/010-search-batch.ts): the index is still kept in the
// transaction that writes the events, but per statement instead of per row. A batch of events is one
// multi-row INSERT (../events.ts), so one trigger call extracts the text of the whole batch from the
// statement's transition table in one INSERT … SELECT, instead of a PL/pgSQL call and an INSERT per
// event. What is indexed, and when it becomes visible (at the writer's commit), is unchanged.
// SET peerlab.search_index = 'off' still turns indexing off for a session (the benchmarks only).
export const sql = `
CREATE OR REPLACE FUNCTION peerlab_events_search_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF coalesce(current_setting('peerlab.search_index', true), '') = 'off' THEN RETURN NULL; END IF;
  INSERT INTO event_text (episode_id, attempt, seq, text)
  SELECT n.episode_id, n.attempt, n.seq, x.t
    FROM new_events n CROSS JOIN LATERAL (SELECT peerlab_event_text(n.kind, n.payload_json) AS t) x
   WHERE x.t IS NOT NULL AND x.t <> ''
   ORDER BY n.episode_id, n.attempt, n.seq;
  RETURN NULL;
END $fn$;

DROP TRIGGER events_search_insert ON events;
CREATE TRIGGER events_search_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION peerlab_events_search_insert();
`;
