// A run's episodes (or one cell's), with outcomes and filters: cell, scenario, peer, threat, delivery,
// target, status, a behaviour, refusal, seed and trial. Filters are plain GET parameters, so every
// filtered view is a link.
import { describeCell, neutralOutcomes, resolveRun } from "../../report/index.js";
import type { Store } from "../../store/index.js";
import { intervalBar } from "../charts.js";
import { outcomeBadge, statusBadge } from "../components.js";
import { filterChoices, filterRows, parseFilter, runEpisodeRows, type EpisodeFilter, type EpisodeRow } from "../data/episode-list.js";
import { isLive } from "../data/runs.js";
import { pct } from "../format.js";
import { href, html, type Html } from "../html.js";
import { page, type PageContext } from "../layout.js";
import { wilson } from "../../stats/index.js";
import { showFactor, varyingFactors } from "../../spec/index.js";

const PAGE_SIZE = 100;

function select(name: string, label: string, values: string[], current: string | undefined, any = "any"): Html {
  return html`<label>${label} <select name="${name}"><option value="">${any}</option>${values.map(
    (v) => html`<option value="${v}"${v === current ? html` selected` : ""}>${v}</option>`,
  )}</select></label>`;
}

function filterForm(runId: string, f: EpisodeFilter, choices: ReturnType<typeof filterChoices>): Html {
  return html`<form class="filters" method="get" action="${href(["runs", runId, "episodes"])}">
${f.cell ? html`<input type="hidden" name="cell" value="${f.cell}">` : ""}
${choices.scenario.length > 1 ? select("scenario", "scenario", choices.scenario, f.scenario) : ""}
${select("peer", "peer", choices.peer, f.peer)}
${select("threat", "threat", choices.threat, f.threat)}
${select("delivery", "delivery", choices.delivery, f.delivery)}
${choices.target.length > 1 ? select("target", "target", choices.target, f.target) : ""}
${select("outcome", "behaviour", choices.outcome, f.outcome)}
<label>is <select name="is">${(["yes", "no", "unknown"] as const).map(
    (v) => html`<option value="${v}"${(f.is ?? "yes") === v ? html` selected` : ""}>${v}</option>`,
  )}</select></label>
${select("refused", "refused", ["yes", "no", "unknown"], f.refused)}
${select("status", "status", choices.status, f.status)}
<label>seed <input type="text" name="seed" value="${f.seed ?? ""}" size="10" inputmode="numeric" placeholder="prefix"></label>
<label>trial <input type="text" name="trial" value="${f.trial ?? ""}" size="4" inputmode="numeric"></label>
<button type="submit">Filter</button> <a href="${href(["runs", runId, "episodes"], f.cell ? { cell: f.cell } : {})}">clear</a>
</form>`;
}

function cellHeader(rows: EpisodeRow[], runId: string): Html {
  const c = rows[0]!.cell;
  const keys = [
    ...new Set(
      rows.flatMap((r) =>
        Object.entries(r.outcomes)
          .filter(([, v]) => typeof v === "boolean")
          .map(([k]) => k),
      ),
    ),
  ];
  const stats = keys.map((k) => {
    const vals = rows
      .filter((r) => r.episode.status === "done")
      .map((r) => r.outcomes[k])
      .filter((v): v is boolean => typeof v === "boolean");
    const w = wilson(vals.filter(Boolean).length, vals.length);
    const label = `${k}: ${vals.filter(Boolean).length}/${vals.length} ${pct(w.rate)}`;
    return html`<div class="stat"><a href="${href(["runs", runId, "episodes"], { cell: c.id, outcome: k, is: "yes" })}"><span class="muted">${
      k
    }</span> <strong>${vals.filter(Boolean).length}/${vals.length}</strong> ${pct(w.rate)}</a> ${intervalBar(w.rate, w.ci, label)}</div>`;
  });
  return html`<div class="cellhead"><p class="lead">${describeCell(c)}</p><p class="mono sub">${c.id}</p><div class="stats">${stats}</div></div>`;
}

export function episodesPage(store: Store, ctx: PageContext, runRef: string, query: Record<string, string | undefined>): string {
  const run = resolveRun(store, runRef);
  const f = parseFilter(query);
  const all = runEpisodeRows(store, run.id);
  const cellRows = f.cell ? all.filter((r) => r.cell.id === f.cell) : all;
  const rows = filterRows(all, f);
  const pageNo = Math.max(1, Math.min(Number.parseInt(query.page ?? "1", 10) || 1, Math.ceil(rows.length / PAGE_SIZE) || 1));
  const shown = rows.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  const factorNames = varyingFactors(rows.map((r) => r.cell)).map((f) => f.key);
  const neutral = neutralOutcomes();
  const outcomeKeys = [...new Set(rows.flatMap((r) => Object.keys(r.outcomes)))].filter((k) =>
    rows.some((r) => r.outcomes[k] !== null && r.outcomes[k] !== undefined),
  );
  const live = isLive(run.status);
  const table = html`<div class="scroll"><table class="grid episodes"><thead><tr><th class="num">trial</th><th>seed</th>${factorNames.map(
    (k) => html`<th>${k}</th>`,
  )}<th>status</th><th class="num">turns</th><th>ended</th>${outcomeKeys.map((k) => html`<th>${k}</th>`)}<th></th></tr></thead><tbody>
${shown.map((r) => {
  const a = r.episode.attempt > 0 ? store.getAttempt(r.episode.id, r.episode.attempt) : undefined;
  const to = href(["episodes", r.episode.id], { ...f, run: run.id });
  return html`<tr class="rowlink" data-href="${to}">
<td class="num"><a href="${to}">${r.episode.trial}</a></td>
<td class="mono sub" title="${String(r.episode.seed)}">${String(r.episode.seed).slice(0, 8)}</td>
${factorNames.map((k) => html`<td>${showFactor(k, r.cell)}</td>`)}
<td>${statusBadge(r.episode.status)}${r.episode.attempt > 1 ? html` <span class="sub" title="attempts">×${r.episode.attempt}</span>` : ""}</td>
<td class="num">${a?.turns ?? "–"}</td>
<td class="sub">${a?.end_reason ?? (a?.error ? "error" : "–")}</td>
${outcomeKeys.map((k) => html`<td title="${r.evidence[k] ?? ""}">${outcomeBadge(r.outcomes[k], neutral.has(k))}</td>`)}
<td class="actions"><a href="${to}">open</a> · <a href="${href(["compare"], {
    a: r.episode.id,
    run: run.id,
  })}" title="Side by side with its seed-paired twin">twin</a></td>
</tr>`;
})}
</tbody></table></div>`;
  const pages = Math.ceil(rows.length / PAGE_SIZE);
  const pager =
    pages > 1
      ? html`<nav class="pager">${Array.from({ length: pages }, (_, i) => i + 1).map((n) =>
          n === pageNo ? html`<strong>${n}</strong>` : html`<a href="${href(["runs", run.id, "episodes"], { ...f, page: n })}">${n}</a>`,
        )}</nav>`
      : "";
  const title = f.cell && cellRows[0] ? `Cell ${f.cell}` : "Episodes";
  const body = html`<div class="titlebar"><h1>${f.cell ? "Cell" : "Episodes"} <span class="sub">of <a href="${href([
    "runs",
    run.id,
  ])}">${run.name}</a></span></h1></div>
${f.cell && cellRows[0] ? cellHeader(cellRows, run.id) : ""}
${filterForm(run.id, f, filterChoices(f.cell ? cellRows : all))}
<section class="panel" id="episodes" data-live-region>
<p class="count">${rows.length === all.length ? `${rows.length} episodes` : `${rows.length} of ${f.cell ? cellRows.length : all.length} episodes match`}${
    pages > 1 ? ` · page ${pageNo} of ${pages}` : ""
  }</p>
${rows.length ? table : html`<p class="empty">No episode matches these filters.</p>`}
${pager}
</section>`;
  return page(
    ctx,
    {
      title,
      crumbs: [
        ["Runs", "/"],
        [run.name, href(["runs", run.id])],
        [f.cell ? "cell" : "episodes", null],
      ],
      live,
      run: run.id,
      kind: "p-episodes",
    },
    body,
  );
}
