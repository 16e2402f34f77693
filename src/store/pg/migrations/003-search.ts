// Migration 3 on PostgreSQL (../../migrations/003-search.ts): full-text search with PostgreSQL's own
// text search. `event_text` holds each event's searchable text, chosen by the same rule as SQLite's
// (the same kinds skipped, the same keys left out, strings in document order: the payload is read as
// json, not jsonb, to keep that order) with a generated tsvector under a GIN index. The 'simple'
// configuration neither stems nor drops stop words, as SQLite's unicode61 tokenizer does not, and
// punctuation is blanked first so that "example.com" is two words, as it is to SQLite (PostgreSQL's
// parser would keep host names and paths whole). Unlike unicode61, diacritics are kept.
// A session can turn indexing off (SET peerlab.search_index = 'off'), which only the benchmarks do.
export const sql = `
CREATE FUNCTION peerlab_json_strings(doc json, root text, skip text[], prune text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  WITH RECURSIVE t(k, p, v, ord) AS (
    SELECT NULL::text, root, doc, ARRAY[]::bigint[]
    UNION ALL
    SELECT c.k, c.p, c.v, t.ord || c.i FROM t CROSS JOIN LATERAL (
      SELECT e.key AS k, t.p || '.' || e.key AS p, e.value AS v, e.i
        FROM json_each(CASE WHEN json_typeof(t.v) = 'object' THEN t.v END) WITH ORDINALITY AS e(key, value, i)
      UNION ALL
      SELECT '#', t.p || '[' || (a.i - 1) || ']', a.value, a.i
        FROM json_array_elements(CASE WHEN json_typeof(t.v) = 'array' THEN t.v END) WITH ORDINALITY AS a(value, i)
    ) c
  )
  SELECT string_agg(v #>> '{}', chr(10) ORDER BY ord) FROM t
   WHERE json_typeof(v) = 'string' AND v #>> '{}' <> '' AND k IS NOT NULL AND NOT (k = ANY(skip))
     AND (prune IS NULL OR p NOT LIKE prune || '%')
$fn$;

CREATE FUNCTION peerlab_event_text(kind text, payload text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE
    WHEN kind IN ('world_snapshot', 'clock', 'random', 'episode_start', 'episode_end', 'tool_call') THEN NULL
    WHEN kind = 'model_call' THEN peerlab_json_strings(payload::json -> 'response', '$.response', ARRAY['id', 'type', 'stop_reason'], '$.response.content')
    ELSE peerlab_json_strings(payload::json, '$', ARRAY['id', 'tool_call_id', 'role', 'phase', 'hash', 'request_hash', 'error_kind'], NULL)
  END
$fn$;

CREATE TABLE event_text (
  id          BIGSERIAL PRIMARY KEY,
  episode_id  TEXT COLLATE "C" NOT NULL,
  attempt     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  text        TEXT NOT NULL,
  tsv         tsvector GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(text, '[[:punct:]]+', ' ', 'g'))) STORED,
  UNIQUE (episode_id, attempt, seq)
);
CREATE INDEX event_text_search ON event_text USING GIN (tsv);

CREATE FUNCTION peerlab_events_search_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE t text;
BEGIN
  IF coalesce(current_setting('peerlab.search_index', true), '') = 'off' THEN RETURN NULL; END IF;
  t := peerlab_event_text(NEW.kind, NEW.payload_json);
  IF t IS NOT NULL AND t <> '' THEN
    INSERT INTO event_text (episode_id, attempt, seq, text) VALUES (NEW.episode_id, NEW.attempt, NEW.seq, t);
  END IF;
  RETURN NULL;
END $fn$;

CREATE FUNCTION peerlab_events_search_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM event_text WHERE episode_id = OLD.episode_id AND attempt = OLD.attempt AND seq = OLD.seq;
  RETURN NULL;
END $fn$;

CREATE TRIGGER events_search_insert AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION peerlab_events_search_insert();
CREATE TRIGGER events_search_delete AFTER DELETE ON events FOR EACH ROW EXECUTE FUNCTION peerlab_events_search_delete();
`;
