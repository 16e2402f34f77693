// The viewer as a Hono app: security first (Host, method, headers), then one route per page. Pages
// are rendered on the server from the store; nothing here writes.
import { Hono, type Context } from "hono";
import { PeerlabError } from "../errors.js";
import type { Store } from "../store/index.js";
import { html } from "./html.js";
import { page, type PageContext } from "./layout.js";
import { comparePage } from "./pages/compare.js";
import { episodePage } from "./pages/episode.js";
import { episodesPage } from "./pages/episodes.js";
import { pairsPage } from "./pages/pairs.js";
import { runPage } from "./pages/run.js";
import { runsPage } from "./pages/runs.js";
import { searchPage } from "./pages/search.js";
import { hostAllowed, SECURITY_HEADERS } from "./security.js";
import { loadStaticFiles } from "./static-files.js";

export interface ViewerAppOptions {
  store: Store;
  /** The database as the footer names it. */
  db: string;
  /** Host header values to answer (known once the server is listening). */
  allowedHosts: () => readonly string[];
  /** Told about unexpected errors (the page shows a short message). */
  onError?: (e: unknown) => void;
}

function errorPage(ctx: PageContext, title: string, message: string): string {
  return page(
    ctx,
    {
      title,
      crumbs: [
        ["Runs", "/"],
        [title, null],
      ],
      kind: "p-error",
    },
    html`<h1>${title}</h1><p class="notice bad">${message}</p><p><a href="/">All runs</a></p>`,
  );
}

export function createViewerApp(o: ViewerAppOptions): Hono {
  const app = new Hono();
  const ctx: PageContext = { db: o.db };
  const files = loadStaticFiles();

  app.use("*", async (c, next) => {
    if (!hostAllowed(c.req.header("host"), o.allowedHosts())) {
      return c.text("Forbidden: this viewer answers only requests addressed to its own loopback address.", 403, SECURITY_HEADERS);
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      return c.text("Method not allowed: the viewer is read-only.", 405, { ...SECURITY_HEADERS, Allow: "GET, HEAD" });
    }
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  const query = (c: Context) => c.req.query() as Record<string, string | undefined>;
  app.get("/", (c) => c.html(runsPage(o.store, ctx)));
  app.get("/runs/:run", (c) => c.html(runPage(o.store, ctx, c.req.param("run"))));
  app.get("/runs/:run/episodes", (c) => c.html(episodesPage(o.store, ctx, c.req.param("run"), query(c))));
  app.get("/runs/:run/pairs", (c) => c.html(pairsPage(o.store, ctx, c.req.param("run"), query(c))));
  app.get("/episodes/:episode", (c) => c.html(episodePage(o.store, ctx, c.req.param("episode"), query(c))));
  app.get("/compare", (c) => c.html(comparePage(o.store, ctx, query(c))));
  app.get("/search", (c) => c.html(searchPage(o.store, ctx, query(c))));
  app.get("/static/:file", (c) => {
    const f = files.get(c.req.param("file"));
    if (!f) return c.text("Not found", 404);
    return c.body(f.body, 200, { "Content-Type": f.type, "Cache-Control": "no-cache" });
  });

  app.notFound((c) => c.html(errorPage(ctx, "Not found", `Nothing at ${c.req.path}.`), 404));
  app.onError((e, c) => {
    if (e instanceof PeerlabError && (e.code === "NOT_FOUND" || e.code === "ARGS_INVALID")) {
      return c.html(errorPage(ctx, e.code === "NOT_FOUND" ? "Not found" : "Bad request", e.message), e.code === "NOT_FOUND" ? 404 : 400);
    }
    o.onError?.(e);
    return c.html(errorPage(ctx, "Error", `The page could not be built: ${(e as Error).message}`), 500);
  });
  return app;
}
