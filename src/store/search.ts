// Full-text search over transcripts (SQLite FTS5, kept by triggers as events are written): the hit
// shape and the translation of any user text into a query that cannot be a syntax error.
export interface SearchHit {
  episode_id: string;
  attempt: number;
  seq: number;
  kind: string;
  role: string | null;
  snippet: string;
}

/** A hit as either store's search query returns it (a row with these columns). */
export function searchHitOf(r: Record<string, unknown>): SearchHit {
  return {
    episode_id: String(r.episode_id),
    attempt: Number(r.attempt),
    seq: Number(r.seq),
    kind: String(r.kind),
    role: (r.role as string | null) ?? null,
    snippet: String(r.snippet),
  };
}

/** Control characters around matched terms in a snippet: no markup, so a reader escapes, then marks. */
export const SEARCH_MARK = { open: "\u0002", close: "\u0003" } as const;

/** A user's search text as an FTS5 query in which every term is a quoted string, so nothing is syntax. */
export function ftsQuery(text: string): string | null {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const meaningful = (s: string) => /[\p{L}\p{N}]/u.test(s);
  const parts: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    if (m[1] !== undefined) {
      if (meaningful(m[1])) parts.push(quote(m[1]));
    } else if (m[2] === "OR") {
      if (parts.length && parts.at(-1) !== "OR") parts.push("OR");
    } else {
      const prefix = m[2]!.length > 1 && m[2]!.endsWith("*");
      const word = prefix ? m[2]!.slice(0, -1) : m[2]!;
      if (meaningful(word)) parts.push(quote(word) + (prefix ? "*" : ""));
    }
  }
  while (parts.at(-1) === "OR") parts.pop();
  return parts.length ? parts.join(" ") : null;
}
