// A run's page: its status and usage, the report's per-cell table (rates with 95% Wilson intervals,
// drawn as bars), one interval chart per outcome, and the paired contrasts. Every cell links to its
// episodes, every rate to the episodes that show the behaviour, every contrast to its paired trials.
import { buildReport, distinguishingLabels, doseCharts, shortfallWords, type CellSummary, type ReportJson } from "../../report/index.js";
import type { Store } from "../../store/index.js";
import { diffBar, forestPlot, intervalBar, progressBar } from "../charts.js";
import { section, statusBadge, textBlock } from "../components.js";
import { isLive, runProgress } from "../data/runs.js";
import { pct, pval, tokens, usd, when } from "../format.js";
import { href, html, trusted, type Html } from "../html.js";
import { page, type PageContext } from "../layout.js";
import { CELL_FACTORS, showFactor } from "../../spec/index.js";
import { redactUrlCredentials } from "../../util/index.js";

/** Every factor as [name, how the cell shows it], in the tuple's order. */
const FACTORS = CELL_FACTORS.map((f): [string, (c: CellSummary) => string] => [f.key, (c) => showFactor(f.key, c)]);

export function varyingFactors(cells: readonly CellSummary[]): [string, (c: CellSummary) => string][] {
  const varying = FACTORS.filter(([, get]) => new Set(cells.map(get)).size > 1);
  return varying.length ? varying : FACTORS.slice(0, 1);
}

function cellsTable(r: ReportJson, runId: string): Html {
  const varying = varyingFactors(r.cells);
  const outcomeKeys = [...new Set(r.cells.flatMap((c) => Object.keys(c.outcomes)))].filter((k) => r.cells.some((c) => (c.outcomes[k]?.n ?? 0) > 0));
  const numberKeys = [...new Set(r.cells.flatMap((c) => Object.keys(c.numbers)))].filter((k) => r.cells.some((c) => (c.numbers[k]?.n ?? 0) > 0));
  const unscored = [...new Set(r.cells.flatMap((c) => Object.keys(c.outcomes)))].filter((k) => !outcomeKeys.includes(k));
  const rows = r.cells.map((c) => {
    const to = href(["runs", runId, "episodes"], { cell: c.cell_id });
    return html`<tr class="rowlink" data-href="${to}">
${varying.map(([name, get], i) =>
  i === 0 ? html`<td><a href="${to}" title="Episodes of this cell">${get(c)}</a></td>` : html`<td data-factor="${name}">${get(c)}</td>`,
)}
<td class="num">${c.n}${
      c.missing
        ? html`<span class="sub warn" title="${
            c.shortfall ? `short of ${c.shortfall.target}: ${shortfallWords(c.shortfall)}` : "episodes not done"
          }"> +${c.missing}</span>`
        : ""
    }</td>
${outcomeKeys.map((k) => {
  const o = c.outcomes[k];
  if (!o || o.n === 0) return html`<td class="muted">–</td>`;
  const label = `${k}: ${o.k}/${o.n} = ${pct(o.rate, 1)}, 95% CI [${pct(o.ci?.[0], 1)}, ${pct(o.ci?.[1], 1)}]`;
  return html`<td class="rate"><a href="${href(["runs", runId, "episodes"], { cell: c.cell_id, outcome: k, is: "yes" })}" title="Episodes where ${
    k
  } is true">${o.k}/${o.n} <strong>${pct(o.rate)}</strong></a> <span class="sub">[${pct(o.ci?.[0])}, ${pct(
    o.ci?.[1],
  )}]</span><br>${intervalBar(o.rate, o.ci, label)}</td>`;
})}
${numberKeys.map((k) => {
  const s = c.numbers[k];
  const title = s?.n ? `min ${s.min}, max ${s.max}, n ${s.n}` : "";
  return html`<td class="num" title="${title}">${s?.mean === null || s?.mean === undefined ? "–" : s.mean.toFixed(1)}</td>`;
})}
</tr>`;
  });
  const common = FACTORS.filter(([n]) => !varying.some(([v]) => v === n)).map(
    ([n, get]) => html`<span class="chip"><span class="muted">${n}</span> ${get(r.cells[0]!)}</span>`,
  );
  return html`${common.length ? html`<p class="common">All cells: ${common}</p>` : ""}
<div class="scroll"><table class="grid cells"><thead><tr>${varying.map(([n]) => html`<th>${n}</th>`)}<th class="num">n</th>${outcomeKeys.map(
    (k) => html`<th>${k}</th>`,
  )}${numberKeys.map((k) => html`<th class="num">mean ${k}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>
${trusted(
  `<p class="note">Rates are k/n with 95% Wilson intervals; the bar spans the interval on a 0–100% ` +
    `axis. Click a cell for its episodes, a rate for the episodes that show it.`,
)}${unscored.length ? html` Not shown (no values): ${unscored.join(", ")}${r.run.judged ? "" : " — judge-only outcomes need a judge"}.` : ""}</p>`;
}

function charts(r: ReportJson): Html {
  // Each cell is labelled by what tells it from the others (the part of a fixture path that differs).
  const labels = distinguishingLabels(r.cells);
  const keys = [...new Set(r.cells.flatMap((c) => Object.keys(c.outcomes)))].filter((k) => r.cells.some((c) => (c.outcomes[k]?.n ?? 0) > 0));
  return html`<div class="charts">${keys.map((k) =>
    forestPlot(
      r.cells.map((c, i) => ({
        label: labels[i]!,
        rate: c.outcomes[k]?.rate ?? null,
        ci: c.outcomes[k]?.ci ?? null,
        k: c.outcomes[k]?.k ?? 0,
        n: c.outcomes[k]?.n ?? 0,
      })),
      `${k} by cell (95% Wilson intervals)`,
    ),
  )}</div>`;
}

/** A threshold sweep: per condition, the primary rate and the mean reported score against the threshold (the report's own charts). */
function doseResponse(r: ReportJson): Html {
  const rows = r.dose_response.flatMap((s) =>
    s.points.map(
      (p) => html`<tr><td>${s.scenario}</td><td>${s.condition}</td><td class="num">${p.threshold}</td><td>${s.outcome ?? "–"}</td>
<td class="rate">${
        p.rate?.n
          ? html`${p.rate.k}/${p.rate.n} <strong>${pct(p.rate.rate)}</strong> <span class="sub">[${pct(p.rate.ci?.[0])}, ${pct(p.rate.ci?.[1])}]</span>`
          : "–"
      }</td>
<td class="num">${
        p.score && p.score.mean !== null
          ? html`${p.score.mean.toFixed(1)} <span class="sub">${
              p.score.ci ? `[${p.score.ci[0].toFixed(1)}, ${p.score.ci[1].toFixed(1)}]` : ""
            } (${p.score.readable}/${p.score.done} readable)</span>`
          : "–"
      }</td></tr>`,
    ),
  );
  // The charts are built by the report from our own numbers and escaped labels (charts.ts), never from raw text.
  return html`<div class="charts dose">${doseCharts(r.dose_response).map((svg) => trusted(svg))}</div>
${trusted(
  `<div class="scroll"><table class="grid dose-response"><thead><tr><th>scenario</th><th>condition</th>` +
    `<th class="num">threshold</th><th>outcome</th><th>rate [95% CI]</th><th class="num">mean reported ` +
    `score [95% CI]</th></tr></thead><tbody>`,
)}${rows}</tbody></table></div>
${trusted(
  `<p class="note">Each threshold is its own cell (rates with 95% Wilson intervals; mean reported score ` +
    `over readable reports with a 95% t interval). The dashed line of the score chart is score = ` +
    `threshold.</p>`,
)}`;
}

function contrastsTable(r: ReportJson, runId: string): Html {
  if (r.contrasts.length === 0) return html`<p class="empty">No contrasts: no two cells differ in exactly one factor.</p>`;
  const rows = r.contrasts.map((c) => {
    const label =
      `${c.scenario} ${c.outcome}, ${c.label}: ${c.diff === null ? "–" : `${(c.diff * 100).toFixed(1)} pp`}` +
      `${c.diff_ci ? ` [${(c.diff_ci[0] * 100).toFixed(1)}, ${(c.diff_ci[1] * 100).toFixed(1)}]` : ""}`;
    const sig = c.holm_p !== null && c.holm_p < 0.05;
    const bar = diffBar(c.diff, c.diff_ci, label);
    const pairsHref = href(["runs", runId, "pairs"], { a: c.a_cell, b: c.b_cell, outcome: c.outcome });
    const pairs = c.pairs ? html`<a href="${pairsHref}" title="The seed-paired trials of these two cells">pairs</a>` : "";
    const ci = c.diff_ci ? `[${(c.diff_ci[0] * 100).toFixed(1)}, ${(c.diff_ci[1] * 100).toFixed(1)}]` : "";
    return html`<tr class="${sig ? "sig" : ""}">
<td>${c.scenario}</td>
<td>${c.outcome}</td>
<td>${c.label ?? `${c.factor} ${c.a} vs ${c.b}`}</td>
<td class="sub">${c.held_fixed ?? ""}</td>
<td class="num"><a href="${href(["runs", runId, "episodes"], { cell: c.a_cell, outcome: c.outcome, is: "yes" })}">${c.a_k}/${c.a_n}</a> ${pct(c.a_rate)}</td>
<td class="num"><a href="${href(["runs", runId, "episodes"], { cell: c.b_cell, outcome: c.outcome, is: "yes" })}">${c.b_k}/${c.b_n}</a> ${pct(c.b_rate)}</td>
<td class="num">${c.diff === null ? "–" : `${c.diff >= 0 ? "+" : ""}${(c.diff * 100).toFixed(1)} pp`} <span class="sub">${ci}</span><br>${bar}</td>
<td class="num">${pval(c.fisher_p)}</td>
<td class="num">${pval(c.z_p)}</td>
<td class="num">${c.mcnemar_p === null ? "–" : html`${pval(c.mcnemar_p)} <span class="sub">(${c.pairs} pairs)</span>`}</td>
<td class="num"><strong>${pval(c.holm_p)}</strong></td>
<td>${pairs}</td>
</tr>`;
  });
  return html`${trusted(
    `<div class="scroll"><table class="grid contrasts"><thead><tr><th>scenario</th><th>outcome</th><th>` +
      `contrast (a vs b)</th><th>held fixed</th><th class="num">a</th><th class="num">b</th>` +
      `<th class="num">difference a − b [95% CI]</th><th class="num">Fisher p</th><th class="num">z p</th>` +
      `<th class="num">McNemar p</th><th class="num">Holm p</th><th></th></tr></thead><tbody>`,
  )}${rows}</tbody></table></div>
${trusted(
  `<p class="note">Differences with Newcombe 95% intervals (bar on a −100…+100 pp axis; zero marked). ` +
    `Fisher exact and pooled z, two-sided; McNemar exact on seed-paired episodes; Holm across this table ` +
    `(rows with Holm p &lt; 0.05 are marked). “pairs” lists the paired trials with their outcomes and ` +
    `compares any pair.</p>`,
)}`;
}

function usageTable(r: ReportJson): Html {
  if (r.usage.length === 0) return html`<p class="empty">No model calls recorded yet.</p>`;
  return html`${trusted(
    `<table class="grid compact"><thead><tr><th>role</th><th>provider</th><th>model</th><th class="num">` +
      `calls</th><th class="num">tokens in</th><th class="num">tokens out</th><th class="num">cost</th>` +
      `<th class="num">cache hits</th><th class="num">retries</th></tr></thead><tbody>`,
  )}${r.usage.map(
    (u) =>
      html`<tr><td>${u.role}</td><td>${u.provider}</td><td>${u.model}</td><td class="num">${
        u.calls
      }</td><td class="num">${tokens(u.input_tokens)}</td><td class="num">${tokens(
        u.output_tokens,
      )}</td><td class="num">${usd(u.cost_usd)}</td><td class="num">${u.cache_hits}</td><td class="num">${u.retries}</td></tr>`,
  )}</tbody></table>`;
}

export function runPage(store: Store, ctx: PageContext, runRef: string): string {
  const r = buildReport(store, runRef);
  const runId = r.run.id;
  const record = store.getRun(runId)!;
  const progress = runProgress(store, runId);
  const failed = progress.byStatus.failed
    ? html` · <a class="bad" href="${href(["runs", runId, "episodes"], { status: "failed" })}">${progress.byStatus.failed} failed</a>`
    : "";
  const running = progress.byStatus.running ? ` · ${progress.byStatus.running} running` : "";
  const pending = progress.byStatus.pending ? ` · ${progress.byStatus.pending} pending` : "";
  const live = isLive(r.run.status);
  const body = html`<div class="titlebar"><h1>${r.run.name} <span class="mono sub">${runId}</span></h1>
<div class="actions"><a class="button" href="${href(["runs", runId, "episodes"])}">All episodes</a></div></div>
<div data-live-region id="run-report">
<div class="facts">
  ${statusBadge(r.run.status)}
  ${progressBar(progress, 240)}
  <span>${progress.byStatus.done}/${progress.episodes} done${failed}${running}${pending}</span>
  <span class="muted">created ${when(record.created_at)} · updated ${when(record.updated_at)} UTC</span>
</div>
${r.run.notice ? html`<p class="notice">${r.run.notice}</p>` : ""}
${live ? html`<p class="live-note" role="status">This run is in progress; the tables refresh by themselves.</p>` : ""}
${section("cells", "Cells", r.cells.length ? cellsTable(r, runId) : html`<p class="empty">No cells.</p>`)}
${r.cells.length ? section("charts", "Charts", charts(r)) : ""}
${r.dose_response.length ? section("dose-response", "Dose-response (threshold sweep)", doseResponse(r)) : ""}
${section("contrasts", "Contrasts", contrastsTable(r, runId))}
${section("usage", "Usage", usageTable(r))}
</div>
${section(
  "spec",
  "Spec and provenance",
  html`<details><summary>Resolved spec${record.source_file ? html` (from <code>${record.source_file}</code>)` : ""}</summary>${textBlock(
    redactUrlCredentials(JSON.stringify(record.spec, null, 2)),
    { lines: 1000 },
  )}</details>
<details><summary>Provenance</summary>${textBlock(JSON.stringify(r.run.provenance, null, 2), { lines: 1000 })}</details>`,
)}`;
  return page(
    ctx,
    {
      title: r.run.name,
      crumbs: [
        ["Runs", "/"],
        [r.run.name, null],
      ],
      live,
      run: runId,
      kind: "p-run",
    },
    body,
  );
}
