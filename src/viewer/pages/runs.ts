// The runs page: every run with its status, progress (refreshing while a run is live), tokens and cost.
import type { Store } from "../../store/index.js";
import { progressBar } from "../charts.js";
import { statusBadge } from "../components.js";
import { loadRuns, isLive } from "../data/runs.js";
import { tokens, usd, when } from "../format.js";
import { href, html, trusted } from "../html.js";
import { page, type PageContext } from "../layout.js";

export function runsPage(store: Store, ctx: PageContext): string {
  const runs = loadRuns(store);
  const live = runs.some((r) => isLive(r.summary.status));
  const rows = runs.map((r) => {
    const p = r.progress;
    const to = href(["runs", r.summary.id]);
    return html`<tr class="rowlink" data-href="${to}">
<td><a href="${to}"><strong>${r.summary.name}</strong></a><div class="sub mono">${r.summary.id}</div></td>
<td>${statusBadge(r.summary.status)}${
      r.simulated ? html` <span class="badge sim" title="Simulated agents: harness validation, not model findings">sim</span>` : ""
    }</td>
<td class="prog">${progressBar(p)}<div class="sub">${p.byStatus.done}/${p.episodes} done${
      p.byStatus.failed ? html` · <span class="bad">${p.byStatus.failed} failed</span>` : ""
    }${p.byStatus.running ? ` · ${p.byStatus.running} running` : ""}${p.byStatus.pending ? ` · ${p.byStatus.pending} pending` : ""}</div></td>
<td class="num">${r.usage.calls.toLocaleString("en")}</td>
<td class="num" title="${r.usage.input_tokens.toLocaleString("en")} in, ${r.usage.output_tokens.toLocaleString(
      "en",
    )} out">${tokens(r.usage.input_tokens)} / ${tokens(r.usage.output_tokens)}</td>
<td class="num">${usd(r.usage.cost_usd)}</td>
<td class="sub">${when(r.summary.created)}<br>${when(r.record.updated_at)}</td>
</tr>`;
  });
  const body = html`<h1>Runs</h1>
<section class="panel" id="runs" data-live-region>
${
  runs.length === 0
    ? html`<p class="empty">No runs in this database yet. Run <code>peerlab demo</code> and reload.</p>`
    : html`${trusted(
        `<table class="grid runs"><thead><tr><th>run</th><th>status</th><th>progress</th><th class="num">` +
          `model calls</th><th class="num">tokens in / out</th><th class="num">cost</th><th>created / updated ` +
          `(UTC)</th></tr></thead><tbody>`,
      )}${rows}</tbody></table>`
}
${live ? html`<p class="live-note" role="status">A run is in progress; this page refreshes by itself.</p>` : ""}
</section>`;
  return page(ctx, { title: "Runs", crumbs: [["Runs", null]], live, kind: "p-runs" }, body);
}
