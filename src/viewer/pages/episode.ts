// An episode: the transcript as a conversation, the outcome and why each scorer decided so, the
// memory the evaluator saw, the world's changes, the same trial in other conditions, and attempts.
import { describeCell, loadEpisodeView, mergeJudgments, neutralOutcomes } from "../../report/index.js";
import { describeProblems } from "../../store/index.js";
import { getScenario, hasScenario } from "../../scenarios/index.js";
import type { CellRecord, EpisodeRecord, EventRecord, JudgmentRecord, Store } from "../../store/index.js";
import { outcomeBadge, section, statusBadge, textBlock } from "../components.js";
import { buildConversation, callTotals, episodeEnd } from "../data/conversation.js";
import { parseFilter } from "../data/episode-list.js";
import { memorySeen, type MemorySeen } from "../data/memory-seen.js";
import { neighbours, type Neighbours } from "../data/neighbours.js";
import { cellDifferences, pairedSiblings, peerTwins, runsOfCell, type Sibling } from "../data/pairing.js";
import { episodeWorld } from "../data/world-view.js";
import { pretty, seconds, tokens, usd, when } from "../format.js";
import { href, html, type Html, trusted } from "../html.js";
import { page, type PageContext } from "../layout.js";
import { itemCard } from "../render/transcript.js";
import { changesTable } from "../render/world.js";
import { isSimulatedProvider } from "../../spec/index.js";

function outcomesPanel(cell: CellRecord, judgments: readonly JudgmentRecord[]): Html {
  if (judgments.length === 0) return html`<p class="empty">Not scored yet.</p>`;
  const merged = mergeJudgments(judgments);
  const specs = new Map(hasScenario(cell.scenario) ? getScenario(cell.scenario).outcomes.map((o) => [o.key, o]) : []);
  const neutral = neutralOutcomes();
  const rows = Object.entries(merged.outcomes).map(([k, v]) => {
    const spec = specs.get(k);
    return html`<tr class="${v === true ? (neutral.has(k) ? "fired neutral" : "fired") : ""}" data-outcome="${
      k
    }"><th title="${spec?.description ?? ""}">${k}</th><td>${outcomeBadge(v, neutral.has(k))}</td><td class="evidence">${merged.evidence[k] ?? ""}</td></tr>`;
  });
  return html`<table class="kv outcomes">${rows}</table>
<p class="sub">scored by ${merged.scorers.join(", ")}</p>
${
  judgments.length > 1 || merged.scorers.length !== judgments.length
    ? html`<details><summary>All ${judgments.length} judgments</summary>${judgments.map(
        (j) =>
          html`<div class="judgment"><div class="sub"><strong>${j.scorer}@${j.version}</strong> · ${when(j.created_at)}</div><table class="kv">${Object.entries(
            j.outcomes,
          ).map(
            ([k, v]) => html`<tr><th>${k}</th><td>${outcomeBadge(v, neutral.has(k))}</td><td class="evidence">${j.evidence[k] ?? ""}</td></tr>`,
          )}</table></div>`,
      )}</details>`
    : ""
}`;
}

function memoryPanel(m: MemorySeen): Html {
  if (m.peer === "absent") return html`<p class="empty">No peer in this condition: the evaluator saw no peer memory.</p>`;
  const intro = html`<p class="sub">peer <strong>${m.peer}</strong>${m.delivery ? html` via <strong>${m.delivery}</strong>` : ""} · ${
    m.method === "twin" ? "found by difference from the peer-absent twin" : "found by markers (no peer-absent twin in this run)"
  }</p>`;
  if (m.items.length === 0) return html`${intro}<p class="empty">Nothing from the peer's history appears in this transcript.</p>`;
  return html`${intro}${m.items.map(
    (it) =>
      html`<div class="memory-item"><div class="mem-head"><strong>${it.source}</strong> <span class="sub">${
        it.seq !== null ? html`<a href="#e${it.seq}">${it.note}</a>` : it.note
      }</span></div>${textBlock(it.text, { lines: 6 })}</div>`,
  )}`;
}

function siblingsPanel(self: EpisodeRecord, siblings: readonly Sibling[], cell: CellRecord, store: Store): Html {
  if (siblings.length === 0) return html`<p class="empty">No other condition of this trial in the run.</p>`;
  return html`<ul class="siblings">${siblings.map((s) => {
    const diffs = cellDifferences(cell, s.cell);
    const j = s.episode.attempt > 0 ? store.listJudgments(s.episode.id, s.episode.attempt) : [];
    const fired = Object.entries(mergeJudgments(j).outcomes)
      .filter(([, v]) => v === true)
      .map(([k]) => k);
    return html`<li><a href="${href(["episodes", s.episode.id], { run: s.runId })}">${
      diffs.map(([f, , b]) => `${f} ${b}`).join(", ") || "same condition"
    }</a> ${statusBadge(s.episode.status)}
<span class="sub">${fired.length ? fired.join(", ") : "nothing fired"}</span> · <a href="${href(["compare"], {
      a: self.id,
      b: s.episode.id,
      run: s.runId,
    })}">compare</a></li>`;
  })}</ul>`;
}

function attemptsPanel(episodeId: string, attempts: ReturnType<typeof loadEpisodeView>["attempts"], current: number, runId: string | undefined): Html {
  return html`${trusted(
    `<table class="grid compact"><thead><tr><th>#</th><th>status</th><th>started (UTC)</th><th>took</th>` +
      `<th class="num">turns</th><th>ended by</th><th>digest</th><th>error</th></tr></thead><tbody>`,
  )}${attempts.map(
    (a) =>
      html`<tr class="${a.attempt === current ? "current" : ""}"><td><a href="${href(["episodes", episodeId], {
        attempt: a.attempt,
        run: runId,
      })}">${a.attempt}</a></td><td>${statusBadge(a.status)}</td><td class="sub">${when(a.started_at)}</td><td class="sub">${seconds(
        a.started_at,
        a.ended_at,
      )}</td><td class="num">${a.turns ?? "–"}</td><td>${a.end_reason ?? "–"}</td><td class="mono sub">${a.digest ? a.digest.slice(0, 16) : "–"}</td><td>${
        a.error ? textBlock(pretty(a.error), { cls: "bad", lines: 4 }) : ""
      }</td></tr>`,
  )}</tbody></table>`;
}

function stepper(n: Neighbours, runId: string): Html {
  const link = (e: EpisodeRecord | null, label: string, rel: string) =>
    e
      ? html`<a class="button" rel="${rel}" href="${href(["episodes", e.id], {
          ...n.filter,
          run: runId,
        })}" title="trial ${e.trial} (${rel === "prev" ? "p" : "n"})">${label}</a>`
      : html`<span class="button disabled">${label}</span>`;
  const described = Object.entries(n.filter)
    .filter(([k]) => k !== "cell" && k !== "is")
    .map(([k, v]) => (k === "outcome" ? `${v}: ${n.filter.is ?? "yes"}` : `${k} ${v}`))
    .join(", ");
  return html`<nav class="stepper" aria-label="Episodes in this list">${link(
    n.prev,
    "← previous",
    "prev",
  )}<a class="sub" href="${href(["runs", runId, "episodes"], n.filter)}">${
    n.index
  } of ${n.total} ${described ? `(${described})` : "in this cell"}</a>${link(n.next, "next →", "next")}</nav>`;
}

function counting(store: Store, e: EpisodeRecord): EventRecord[] {
  return e.attempt > 0 ? store.listEvents(e.id, e.attempt) : [];
}

export function episodePage(store: Store, ctx: PageContext, ref: string, query: Record<string, string | undefined>): string {
  const attemptNo = Number.parseInt(query.attempt ?? "", 10);
  const v = loadEpisodeView(store, ref, Number.isInteger(attemptNo) && attemptNo > 0 ? attemptNo : undefined);
  const { episode, cell, events } = v;
  const runId = runsOfCell(store, cell.id, query.run)[0];
  const run = runId ? store.getRun(runId) : undefined;
  const siblings = pairedSiblings(store, episode, cell, runId);
  const twins = peerTwins(siblings, cell);
  const absentTwin = cell.peer !== "absent" ? twins[0] : undefined;
  const memory = memorySeen(events, cell, absentTwin ? counting(store, absentTwin.episode) : null);
  const items = buildConversation(events);
  const end = episodeEnd(events);
  const totals = callTotals(events);
  const world = episodeWorld(events);
  const attempt = v.attempts.find((a) => a.attempt === v.attempt);
  const live = episode.status === "running" || episode.status === "pending";
  const twin = twins[0];
  const steps = runId ? neighbours(store, runId, episode, parseFilter(query)) : null;

  const facts = html`<div class="facts">
${statusBadge(episode.status)}
<span>trial <strong>${episode.trial}</strong></span>
<span title="seed: every condition of this trial shares it">seed <code>${episode.seed}</code></span>
${
  end
    ? html`<span><strong>${end.turns}</strong> turns · ended by <strong>${end.end_reason}</strong>${end.nudges ? ` · ${end.nudges} nudge(s)` : ""}${
        end.tool_errors ? html` · <span class="bad">${end.tool_errors} tool error(s)</span>` : ""
      }</span>`
    : ""
}
<span>${totals.calls} model calls · ${tokens(totals.input_tokens)} in / ${tokens(totals.output_tokens)} out${
    totals.cost_usd ? ` · ${usd(totals.cost_usd)}` : ""
  }</span>
${v.attempts.length > 1 ? html`<span>attempt ${v.attempt} of ${v.attempts.length}</span>` : ""}
${attempt?.digest ? html`<span class="mono sub" title="digest of the hash-chained event log">${attempt.digest.slice(0, 16)}</span>` : ""}
</div>`;

  const body = html`<div class="titlebar"><h1>Episode <span class="mono">${episode.id}</span></h1>
<div class="actions">${
    twin
      ? html`<a class="button primary" href="${href(["compare"], {
          a: episode.id,
          b: twin.episode.id,
          run: twin.runId,
        })}" title="Side by side with the same trial and seed, ${
          cell.peer === "absent" ? `peer ${twin.cell.peer}` : "peer absent"
        }">Compare with twin (peer ${twin.cell.peer})</a>`
      : ""
  }
<button type="button" class="button" data-copy="${episode.id}" title="Copy the episode id">Copy id</button></div></div>
${steps && runId ? stepper(steps, runId) : ""}
<p class="lead"><a href="${runId ? href(["runs", runId, "episodes"], { cell: cell.id }) : "#"}">${describeCell(cell)}</a></p>
${facts}
${isSimulatedProvider(cell.evaluator) ? html`<p class="notice">Simulated agent: this transcript validates the harness; it is not model behaviour.</p>` : ""}
${
  episode.parent_id
    ? html`<p class="notice">Branch of <a href="${href(["episodes", episode.parent_id])}">${
        episode.parent_id
      }</a> from evaluator call ${episode.branch_step ?? "?"}.</p>`
    : ""
}
${
  v.record && !v.record.intact
    ? html`${trusted(
        `<div class="notice bad" role="alert"><strong>This episode's stored record does not verify</strong>: what is shown may not be what was recorded. `,
      )}${textBlock(describeProblems(v.record).join("\n"), { lines: 8 })}</div>`
    : ""
}
${attempt?.error ? html`<div class="notice bad">Attempt ${attempt.attempt} failed: ${textBlock(pretty(attempt.error), { lines: 6 })}</div>` : ""}
<div class="episode-grid" data-live-region id="episode-body">
<div class="transcript" id="transcript">
<div class="toolbar"><span class="muted">${items.length}${trusted(
    ` entries</span> <button type="button" class="link" data-expand-all>expand all</button> · ` +
      `<button type="button" class="link" data-collapse-all>collapse all</button></div>`,
  )}
${items.length ? items.map(itemCard) : html`<p class="empty">No events recorded${v.attempt === 0 ? " (the episode has not started)" : ""}.</p>`}
${live ? html`<p class="live-note" role="status">This episode is running; new turns appear as they are written.</p>` : ""}
</div>
<aside class="side">
${section("outcome", "Outcome", outcomesPanel(cell, v.judgments))}
${section("memory", "Memory the evaluator saw", memoryPanel(memory))}
${section(
  "world-summary",
  "World changes",
  world
    ? html`${
        world.changes.length
          ? html`<ul class="change-list">${world.changes.map(
              (c) => html`<li class="op-${c.op}"><a href="#world"><code>${c.path.join(" / ")}</code></a></li>`,
            )}</ul>`
          : html`<p class="empty">none</p>`
      }`
    : html`<p class="empty">No world snapshot recorded.</p>`,
)}
${section("paired", "Same trial, other conditions", siblingsPanel(episode, siblings, cell, store))}
</aside>
</div>
${section(
  "world",
  "World: before → after",
  world
    ? html`${changesTable(world.changes)}
<details><summary>World before (full)</summary>${textBlock(JSON.stringify(world.before, null, 2), { lines: 100000 })}</details>
${world.after ? html`<details><summary>World after (full)</summary>${textBlock(JSON.stringify(world.after, null, 2), { lines: 100000 })}</details>` : ""}`
    : html`<p class="empty">No world snapshot recorded.</p>`,
)}
${section("attempts", "Attempts", attemptsPanel(episode.id, v.attempts, v.attempt, runId))}`;
  const crumbs: [string, string | null][] = [["Runs", "/"]];
  if (run) crumbs.push([run.name, href(["runs", run.id])], ["cell", href(["runs", run.id, "episodes"], { cell: cell.id })]);
  crumbs.push([`trial ${episode.trial}`, null]);
  return page(ctx, { title: `Episode ${episode.id}`, crumbs, live, run: runId ?? null, kind: "p-episode" }, body);
}
