// Two episodes side by side — by default an episode and its seed-paired twin in the other peer
// condition — with their outcomes, prompts and starting worlds compared, evaluator turns aligned (the
// first divergent action marked) and the delta between what each did to its world.
import { PeerlabError } from "../../errors.js";
import { describeCell, loadEpisodeView, mergeJudgments, neutralOutcomes, resolveEpisode, type EpisodeView } from "../../report/index.js";
import type { Store } from "../../store/index.js";
import { diffWorlds } from "../../world/index.js";
import { outcomeBadge, section, statusBadge } from "../components.js";
import { alignActions, evaluatorActions, type AlignedRow } from "../data/align.js";
import { buildConversation } from "../data/conversation.js";
import { cellDifferences, pairedSiblings, peerTwins, runsOfCell } from "../data/pairing.js";
import { episodeWorld, worldDelta } from "../data/world-view.js";
import { href, html, type Html, trusted } from "../html.js";
import { page, type PageContext } from "../layout.js";
import { turnCard } from "../render/transcript.js";
import { changesTable, changeView, diffView } from "../render/world.js";

/** An attempt number from the query (the episode's counting attempt when absent or not a number). */
function attemptOf(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number.parseInt(v, 10);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function promptOf(v: EpisodeView, role: "system" | "user"): string | null {
  const e = v.events.find((x) => x.kind === "message" && (x.payload as { role: string }).role === role);
  return e ? String((e.payload as { content: string }).content) : null;
}

function head(v: EpisodeView, side: "A" | "B", runId: string | undefined): Html {
  return html`<div class="side-head side-${side.toLowerCase()}"><div class="tag">${side}</div><div><a class="mono" href="${href(["episodes", v.episode.id], {
    run: runId,
    attempt: v.attempt !== v.episode.attempt ? v.attempt : undefined,
  })}">${v.episode.id}</a> ${statusBadge(v.episode.status)}
<div class="sub">${describeCell(v.cell)}</div><div class="sub">trial ${v.episode.trial} · seed <code>${v.episode.seed}</code></div></div></div>`;
}

function outcomesCompare(a: EpisodeView, b: EpisodeView): Html {
  const ma = mergeJudgments(a.judgments);
  const mb = mergeJudgments(b.judgments);
  const keys = [...new Set([...Object.keys(ma.outcomes), ...Object.keys(mb.outcomes)])];
  const neutral = neutralOutcomes();
  if (keys.length === 0) return html`<p class="empty">Neither episode is scored.</p>`;
  return html`${trusted(
    `<table class="grid compare-outcomes"><thead><tr><th>outcome</th><th>A</th><th>B</th><th>evidence A</th><th>evidence B</th></tr></thead><tbody>`,
  )}${keys.map((k) => {
    const differ = JSON.stringify(ma.outcomes[k] ?? null) !== JSON.stringify(mb.outcomes[k] ?? null);
    return html`<tr class="${differ ? "differs" : ""}"><th>${k}</th><td>${outcomeBadge(ma.outcomes[k], neutral.has(k))}</td><td>${outcomeBadge(
      mb.outcomes[k],
      neutral.has(k),
    )}</td><td class="evidence">${ma.evidence[k] ?? ""}</td><td class="evidence">${mb.evidence[k] ?? ""}</td></tr>`;
  })}</tbody></table>`;
}

function promptsCompare(a: EpisodeView, b: EpisodeView): Html {
  return html`${(["system", "user"] as const).map((role) => {
    const pa = promptOf(a, role) ?? "";
    const pb = promptOf(b, role) ?? "";
    return html`<div class="prompt-cmp"><h3>${role} prompt ${
      pa === pb ? html`<span class="badge st-done">identical</span>` : html`<span class="badge st-running">differs</span>`
    }</h3>${pa === pb ? "" : diffView(pa, pb)}</div>`;
  })}`;
}

function alignedRows(rows: AlignedRow[], first: number | null): Html {
  return html`${rows.map((r, i) => {
    const mark = i === first;
    const label =
      r.kind === "same"
        ? r.resultsDiffer
          ? "same action, different result"
          : "same"
        : r.kind === "changed"
          ? "different action"
          : r.kind === "only-a"
            ? "only in A"
            : "only in B";
    return html`${mark ? html`<div class="divergence-banner" id="divergence">First divergent action</div>` : ""}<div class="arow k-${
      r.kind
    }${r.resultsDiffer ? " results-differ" : ""}${mark ? " first" : ""}">
<div class="acell">${r.a ? turnCard(r.a.item) : html`<div class="gap">—</div>`}</div>
<div class="akind" title="${label}">${r.kind === "same" ? (r.resultsDiffer ? "≈" : "=") : r.kind === "changed" ? "≠" : r.kind === "only-a" ? "◀" : "▶"}</div>
<div class="acell">${r.b ? turnCard(r.b.item) : html`<div class="gap">—</div>`}</div>
</div>`;
  })}`;
}

function deltaTable(a: EpisodeView, b: EpisodeView): Html {
  const wa = episodeWorld(a.events);
  const wb = episodeWorld(b.events);
  if (!wa || !wb) return html`<p class="empty">A world snapshot is missing.</p>`;
  const rows = worldDelta(wa.changes, wb.changes);
  const start = diffWorlds(wa.before, wb.before);
  return html`${
    rows.length === 0
      ? html`<p class="empty">Neither episode changed its world.</p>`
      : html`<table class="grid delta"><thead><tr><th>path</th><th>A changed</th><th>B changed</th></tr></thead><tbody>${rows.map(
          (r) =>
            html`<tr class="${r.same ? "same" : "differs"}"><td class="path"><code>${r.path}</code>${
              r.same
                ? html`<div class="sub">both</div>`
                : r.a && !r.b
                  ? html`<div class="sub bad">only A</div>`
                  : !r.a && r.b
                    ? html`<div class="sub bad">only B</div>`
                    : html`<div class="sub bad">differently</div>`
            }</td><td>${r.a ? changeView(r.a) : html`<span class="muted">unchanged</span>`}</td><td>${
              r.b ? changeView(r.b) : html`<span class="muted">unchanged</span>`
            }</td></tr>`,
        )}</tbody></table>`
  }
<details${start.length ? "" : html` hidden`}><summary>The starting worlds differ in ${start.length} place${
    start.length === 1 ? "" : "s"
  } (B relative to A)</summary>${changesTable(start)}</details>`;
}

export function comparePage(store: Store, ctx: PageContext, query: Record<string, string | undefined>): string {
  if (!query.a) throw new PeerlabError("ARGS_INVALID", "compare needs an episode: /compare?a=<episode>[&b=<episode>]");
  const aEp = resolveEpisode(store, query.a);
  const aCell = store.getCell(aEp.cell_id)!;
  const runId = runsOfCell(store, aCell.id, query.run)[0];
  const siblings = pairedSiblings(store, aEp, aCell, runId);
  const bEp = query.b ? resolveEpisode(store, query.b) : peerTwins(siblings, aCell)[0]?.episode;
  const others = html`${
    siblings.length
      ? html`<details class="others"><summary>Compare with another condition of this trial (${siblings.length})</summary><ul>${siblings.map(
          (s) =>
            html`<li><a href="${href(["compare"], { a: aEp.id, b: s.episode.id, run: s.runId })}">${cellDifferences(aCell, s.cell)
              .map(([f, , v]) => `${f} ${v}`)
              .join(", ")}</a> <span class="mono sub">${s.episode.id}</span></li>`,
        )}</ul></details>`
      : ""
  }`;
  if (!bEp) {
    const body = html`<h1>Compare</h1><p class="empty">Episode <a class="mono" href="${href([
      "episodes",
      aEp.id,
    ])}">${aEp.id}</a> has no seed-paired twin in the other peer condition${runId ? " in this run" : ""}.</p>${others}`;
    return page(
      ctx,
      {
        title: "Compare",
        crumbs: [
          ["Runs", "/"],
          ["compare", null],
        ],
        run: runId ?? null,
        kind: "p-compare",
      },
      body,
    );
  }
  const a = loadEpisodeView(store, aEp.id, attemptOf(query.aattempt));
  const b = loadEpisodeView(store, bEp.id, attemptOf(query.battempt));
  const paired = a.episode.seed === b.episode.seed && a.episode.trial === b.episode.trial;
  const diffs = cellDifferences(a.cell, b.cell);
  const align = alignActions(evaluatorActions(buildConversation(a.events)), evaluatorActions(buildConversation(b.events)));
  const firstRow = align.firstDivergence === null ? null : align.rows[align.firstDivergence]!;
  const divergenceText =
    firstRow === null
      ? "The evaluator took the same actions in both episodes."
      : `First divergent action: ${firstRow.a ? `turn ${firstRow.a.item.turn} of A (${firstRow.a.signature})` : "nothing in A"} ` +
        `vs ${firstRow.b ? `turn ${firstRow.b.item.turn} of B (${firstRow.b.signature})` : "nothing in B"}.`;
  const body = html`<div class="titlebar"><h1>Compare</h1><div class="actions"><a class="button" href="${href(["compare"], {
    a: b.episode.id,
    b: a.episode.id,
    run: runId,
  })}">Swap A and B</a></div></div>
<div class="compare-heads">${head(a, "A", runId)}${head(b, "B", runId)}</div>
<p class="facts">${
    paired
      ? html`<span class="badge st-done">seed-paired</span> same trial and seed`
      : html`${trusted(`<span class="badge st-failed">not paired</span> different trial or seed: differences mix condition and chance`)}`
  }
${diffs.length ? html` · differ in ${diffs.map(([f, x, y]) => html`<span class="chip"><strong>${f}</strong> ${x} → ${y}</span>`)}` : " · same condition"}</p>
${others}
${section("cmp-outcomes", "Outcomes", outcomesCompare(a, b))}
${section(
  "cmp-turns",
  "Evaluator turns, aligned",
  html`<p class="divergence-note">${divergenceText} ${firstRow ? html`<a href="#divergence">Jump to it</a> (<kbd>d</kbd>)` : ""}</p>
${trusted(
  `<p class="note">Turns are matched on the tools they call; = identical action, ≈ identical action ` +
    `that met a different result, ≠ a different action, ◀ ▶ a turn only one episode has. Peer messages, ` +
    `judges and interviews are on each episode's own page.</p>`,
)}
<div class="aligned"><div class="arow ahead"><div class="acell">A</div><div class="akind"></div><div class="acell">B</div></div>${alignedRows(
    align.rows,
    align.firstDivergence,
  )}</div>`,
)}
${section("cmp-world", "World changes: A vs B", deltaTable(a, b))}
${section("cmp-prompts", "Prompts", promptsCompare(a, b))}`;
  return page(
    ctx,
    {
      title: "Compare",
      crumbs: [["Runs", "/"], ...(runId ? [[store.getRun(runId)?.name ?? runId, href(["runs", runId])] as [string, string]] : []), ["compare", null]],
      run: runId ?? null,
      kind: "p-compare",
    },
    body,
  );
}
