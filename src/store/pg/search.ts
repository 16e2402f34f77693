// Full-text search over the text of events with PostgreSQL's text search (migration 3 keeps
// `event_text` and its tsvector as events are written). The user's text is read by the same rules as
// the SQLite store's (../search.ts): words and "quoted phrases" all required, `word*` a prefix, `OR`
// between alternatives; it becomes a tsquery of plain lexemes, so no input is a syntax error.
import { SEARCH_MARK, searchHitOf } from "../search.js";
import { RUN_EPISODES } from "../sqlite/membership.js";
import type { SearchRows } from "../store.js";
import type { PgSql } from "./connection.js";

const lexemes = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);

/** A user's search text as tsquery text: `&` between required terms, `|` within an OR group, `<->` in phrases. */
export function tsQuery(text: string): string | null {
  const groups: string[][] = [];
  let joinNext = false;
  const term = (words: string[], prefix: boolean): string | null => {
    if (words.length === 0) return null;
    const parts = words.map((w, i) => `'${w}'${prefix && i === words.length - 1 ? ":*" : ""}`);
    return parts.length === 1 ? parts[0]! : `(${parts.join(" <-> ")})`;
  };
  for (const m of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    let t: string | null;
    if (m[1] !== undefined) t = term(lexemes(m[1]), false);
    else if (m[2] === "OR") {
      if (groups.length) joinNext = true;
      continue;
    } else {
      const prefix = m[2]!.length > 1 && m[2]!.endsWith("*");
      t = term(lexemes(prefix ? m[2]!.slice(0, -1) : m[2]!), prefix);
    }
    if (t === null) continue;
    if (joinNext && groups.length) groups.at(-1)!.push(t);
    else groups.push([t]);
    joinNext = false;
  }
  if (groups.length === 0) return null;
  return groups.map((g) => (g.length === 1 ? g[0]! : `(${g.join(" | ")})`)).join(" & ");
}

const OPEN = "\u0001pl<";
const CLOSE = "\u0001pl>";

export function pgSearchRows(sql: PgSql): SearchRows {
  return {
    searchEvents(query, opts = {}) {
      const q = tsQuery(query);
      if (!q) return [];
      const rows = sql.all(
        `WITH q AS (SELECT to_tsquery('simple', $1) AS q)
         SELECT t.episode_id, t.attempt, t.seq, ev.kind, ev.role,
                replace(replace(ts_headline('simple', t.text, q.q, $4), $5, $6), $7, $8) AS snippet
           FROM q, event_text t
           JOIN events ev ON ev.episode_id = t.episode_id AND ev.attempt = t.attempt AND ev.seq = t.seq
          WHERE t.tsv @@ q.q
            AND ($2::text IS NULL OR t.episode_id IN (SELECT e.id FROM ${RUN_EPISODES} WHERE rc.run_id = $2::text))
          ORDER BY ts_rank(t.tsv, q.q) DESC, t.episode_id, t.attempt, t.seq LIMIT $3`,
        [
          q,
          opts.runId ?? null,
          Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 1000),
          `StartSel="${OPEN}", StopSel="${CLOSE}", MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter="…"`,
          OPEN,
          SEARCH_MARK.open,
          CLOSE,
          SEARCH_MARK.close,
        ],
      );
      return rows.map(searchHitOf);
    },
  };
}
