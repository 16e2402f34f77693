// The seed-paired trials of two cells (a contrast's pairs): each trial's outcome in both, the
// discordant pairs McNemar counts marked, and a comparison one click away.
import { PeerlabError } from "../../errors.js";
import { describeCell, neutralOutcomes, resolveRun } from "../../report/index.js";
import type { Store } from "../../store/index.js";
import { outcomeBadge } from "../components.js";
import { runEpisodeRows, truth } from "../data/episode-list.js";
import { href, html } from "../html.js";
import { page, type PageContext } from "../layout.js";

export function pairsPage(store: Store, ctx: PageContext, runRef: string, query: Record<string, string | undefined>): string {
  const run = resolveRun(store, runRef);
  if (!query.a || !query.b) throw new PeerlabError("ARGS_INVALID", "pairs needs two cells: ?a=<cell>&b=<cell>");
  const rows = runEpisodeRows(store, run.id);
  const aRows = rows.filter((r) => r.cell.id === query.a);
  const bRows = rows.filter((r) => r.cell.id === query.b);
  if (!aRows.length || !bRows.length) throw new PeerlabError("NOT_FOUND", `run ${run.id} has no cell ${!aRows.length ? query.a : query.b}`);
  const outcome = query.outcome ?? "";
  const neutral = neutralOutcomes().has(outcome);
  const bByTrial = new Map(bRows.map((r) => [r.episode.trial, r]));
  const pairs = aRows.map((a) => ({ a, b: bByTrial.get(a.episode.trial) })).filter((p) => p.b && p.b.episode.seed === p.a.episode.seed);
  let onlyA = 0;
  let onlyB = 0;
  for (const p of pairs) {
    const x = truth(p.a.outcomes[outcome]);
    const y = truth(p.b!.outcomes[outcome]);
    if (x === "yes" && y === "no") onlyA++;
    if (x === "no" && y === "yes") onlyB++;
  }
  const body = html`<h1>Paired trials <span class="sub">of <a href="${href(["runs", run.id])}">${run.name}</a></span></h1>
<div class="compare-heads"><div class="side-head side-a"><div class="tag">A</div><div><a href="${href(["runs", run.id, "episodes"], {
    cell: query.a,
  })}">${describeCell(aRows[0]!.cell)}</a></div></div>
<div class="side-head side-b"><div class="tag">B</div><div><a href="${href(["runs", run.id, "episodes"], {
    cell: query.b,
  })}">${describeCell(bRows[0]!.cell)}</a></div></div></div>
<p class="facts">${pairs.length} seed-paired trials${
    outcome ? html` · <strong>${outcome}</strong>: ${onlyA} only in A, ${onlyB} only in B (the discordant pairs McNemar's test counts)` : ""
  }</p>
<section class="panel"><table class="grid pairs"><thead><tr><th class="num">trial</th><th>seed</th><th>A ${
    outcome
  }</th><th>B ${outcome}</th><th></th></tr></thead><tbody>${pairs.map((p) => {
    const x = p.a.outcomes[outcome];
    const y = p.b!.outcomes[outcome];
    const discordant = truth(x) !== truth(y);
    return html`<tr class="${discordant ? "differs" : ""}"><td class="num">${
      p.a.episode.trial
    }</td><td class="mono sub">${String(p.a.episode.seed).slice(0, 8)}</td><td><a href="${href(["episodes", p.a.episode.id], {
      run: run.id,
    })}">${outcomeBadge(x, neutral)}</a></td><td><a href="${href(["episodes", p.b!.episode.id], {
      run: run.id,
    })}">${outcomeBadge(y, neutral)}</a></td><td><a href="${href(["compare"], { a: p.a.episode.id, b: p.b!.episode.id, run: run.id })}">compare</a></td></tr>`;
  })}</tbody></table></section>`;
  return page(
    ctx,
    {
      title: "Paired trials",
      crumbs: [
        ["Runs", "/"],
        [run.name, href(["runs", run.id])],
        ["pairs", null],
      ],
      run: run.id,
      kind: "p-pairs",
    },
    body,
  );
}
