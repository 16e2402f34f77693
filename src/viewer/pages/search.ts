// Search across transcripts through the store's full-text index: hits grouped by episode, best first,
// each snippet linking to its turn. Snippets are escaped text with the matches marked.
import { describeCell } from "../../report/index.js";
import { SEARCH_MARK, type CellRecord, type EpisodeRecord, type SearchHit, type Store } from "../../store/index.js";
import { statusBadge } from "../components.js";
import { href, html, type Html, trusted } from "../html.js";
import { page, type PageContext } from "../layout.js";

const HITS_PER_EPISODE = 5;

/** A snippet as escaped text, with the index's match markers turned into <mark>. */
export function markSnippet(snippet: string): Html {
  // One line per hit: line breaks inside the snippet become a visible ↵.
  const [first = "", ...rest] = snippet
    .trim()
    .replace(/\s*\n\s*/g, " ↵ ")
    .split(SEARCH_MARK.open);
  return html`${first.replaceAll(SEARCH_MARK.close, "")}${rest.map((part) => {
    const [hit = "", after = ""] = part.split(SEARCH_MARK.close);
    return html`<mark>${hit}</mark>${after}`;
  })}`;
}

function label(h: SearchHit): string {
  if (h.kind === "model_call") return `${h.role ?? "model"} turn`;
  if (h.kind === "tool_result") return "tool result";
  if (h.kind === "message") return "prompt";
  if (h.kind === "outcome") return "scores";
  return h.kind.replaceAll("_", " ");
}

export function searchPage(store: Store, ctx: PageContext, query: Record<string, string | undefined>): string {
  const q = (query.q ?? "").slice(0, 500);
  const run = query.run ? store.getRun(query.run) : undefined;
  let hits: SearchHit[] = [];
  let problem: string | null = null;
  if (q.trim()) {
    try {
      hits = store.searchEvents(q, { runId: run?.id, limit: 300 });
    } catch (e) {
      problem = /no such table/i.test((e as Error).message)
        ? "This database has no search index: store migration 3 (search) has not been applied to it. A " +
          "writable peerlab command such as `peerlab list` applies pending migrations; the viewer itself never writes."
        : `Search failed: ${(e as Error).message}`;
    }
  }
  const groups = new Map<string, SearchHit[]>();
  for (const h of hits) groups.set(h.episode_id, [...(groups.get(h.episode_id) ?? []), h]);
  const episodes = new Map<string, { e: EpisodeRecord; c: CellRecord } | null>();
  const info = (id: string) => {
    if (!episodes.has(id)) {
      const e = store.getEpisode(id);
      episodes.set(id, e ? { e, c: store.getCell(e.cell_id)! } : null);
    }
    return episodes.get(id)!;
  };
  const results = [...groups.entries()].map(([id, hs]) => {
    const meta = info(id);
    return html`<li class="result-group">
<div class="rg-head"><a class="mono" href="${href(["episodes", id], { run: run?.id })}">${id}</a> ${meta ? statusBadge(meta.e.status) : ""} <span class="sub">${
      meta ? html`trial ${meta.e.trial} · ${describeCell(meta.c)}` : ""
    }</span></div>
<ul class="hits">${hs
      .slice(0, HITS_PER_EPISODE)
      .map(
        (h) =>
          html`<li><a href="${href(["episodes", id], { attempt: meta && h.attempt !== meta.e.attempt ? h.attempt : undefined, run: run?.id })}#e${
            h.seq
          }"><span class="hit-kind">${label(h)}${
            meta && h.attempt !== meta.e.attempt ? ` · attempt ${h.attempt}` : ""
          }</span> <span class="snippet">${markSnippet(h.snippet)}</span></a></li>`,
      )}${hs.length > HITS_PER_EPISODE ? html`<li class="sub">… ${hs.length - HITS_PER_EPISODE} more in this episode</li>` : ""}</ul>
</li>`;
  });
  const body = html`<h1>Search${
    run ? html` <span class="sub">in <a href="${href(["runs", run.id])}">${run.name}</a> · <a href="${href(["search"], { q })}">search all runs</a></span>` : ""
  }</h1>
<form class="bigsearch" action="/search" method="get">${
    run ? html`<input type="hidden" name="run" value="${run.id}">` : ""
  }<input type="search" name="q" value="${
    q
  }" placeholder="words, &quot;a phrase&quot;, prefix*, a OR b" autofocus aria-label="Search query"><button type="submit">Search</button></form>
${trusted(
  `<p class="note">Every word must appear (in any order) in one event: a prompt, a model's text, ` +
    `reasoning or tool arguments, a tool result, a peer message, a judge's notes or a scorer's evidence. ` +
    `<code>"exact phrase"</code>, <code>prefix*</code> and <code>OR</code> work.</p>`,
)}
${problem ? html`<p class="notice bad">${problem}</p>` : ""}
${
  q.trim() && !problem
    ? html`<p class="count">${
        hits.length === 0
          ? "No matches."
          : `${hits.length}${hits.length === 300 ? "+" : ""} matching events in ${groups.size} episode${groups.size === 1 ? "" : "s"}`
      }</p><ol class="results">${results}</ol>`
    : ""
}`;
  return page(
    ctx,
    {
      title: q ? `Search: ${q}` : "Search",
      crumbs: [
        ["Runs", "/"],
        ["search", null],
      ],
      run: run?.id ?? null,
      query: q,
      kind: "p-search",
    },
    body,
  );
}
