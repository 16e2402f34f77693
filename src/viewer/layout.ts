// The page shell every page shares: head (served stylesheet and script only), a header with
// breadcrumbs and the search box, and a footer naming the database. `live` marks a page whose data is
// still changing; the client script then refreshes its [data-live] regions.
import { html, type Child, type Html, trusted } from "./html.js";

export interface PageContext {
  /** The database shown, for the footer. */
  db: string;
}

export interface PageOptions {
  title: string;
  crumbs?: [label: string, href: string | null][];
  live?: boolean;
  /** Search within this run from the header box. */
  run?: string | null;
  query?: string;
  /** A class on <body> for page-specific layout. */
  kind?: string;
}

export function page(ctx: PageContext, o: PageOptions, body: Child): string {
  const crumbs = (o.crumbs ?? []).map(([label, to], i, all) =>
    to && i < all.length - 1 ? html`<a href="${to}">${label}</a><span class="sep">›</span>` : html`<span class="here">${label}</span>`,
  );
  const doc: Html = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title} · peerlab</title>
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body class="${o.kind ?? ""}"${o.live ? html` data-live="1"` : ""}>
<header class="top">
  <a class="brand" href="/" title="All runs"><span class="logo" aria-hidden="true">◈</span> peerlab <span class="muted">view</span></a>
  <nav class="crumbs" aria-label="Breadcrumbs">${crumbs}</nav>
  <form class="search" action="/search" method="get" role="search">
    ${o.run ? html`<input type="hidden" name="run" value="${o.run}">` : ""}
    <input type="search" name="q" value="${o.query ?? ""}" placeholder="${
      o.run ? "Search this run's transcripts" : "Search transcripts"
    }  ( / )" aria-label="Search transcripts" autocomplete="off">
  </form>
</header>
<main>
${body}
</main>
<footer class="foot"><span>read-only view of <code>${ctx.db}${trusted(
    `</code></span><span class="keys">keys: <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> next/previous ` +
      `turn · <kbd>n</kbd>/<kbd>p</kbd> next/previous episode · <kbd>e</kbd> expand/collapse all · <kbd>d` +
      `</kbd> first divergence</span></footer>`,
  )}
</body>
</html>`;
  return doc.value;
}
