// Rendering conversation items as HTML: one card per item, anchored by event sequence number (#e<seq>)
// so search results and comparisons can link to a turn. Every model-produced string goes through
// the escaping template; nothing is ever inserted as markup.
import { neutralOutcomes } from "../../report/index.js";
import { SCRATCHPAD_TOOL } from "../../scenarios/index.js";
import { argList, outcomeBadge, textBlock } from "../components.js";
import type { CallItem, ConversationItem, TurnItem } from "../data/conversation.js";
import { pretty, tokens, usd } from "../format.js";
import { html, type Html } from "../html.js";

function callBlock(c: CallItem): Html {
  const scratch = c.name === SCRATCHPAD_TOOL;
  const invalidBadge = c.invalid !== null ? html` <span class="badge st-failed">unparseable arguments</span>` : "";
  return html`<div class="call${scratch ? " scratch" : ""}"${c.seq !== null ? html` id="e${c.seq}"` : ""}>
<div class="call-head"><span class="arrow">→</span> <code class="tool">${c.name}</code>${invalidBadge}</div>
${
  c.invalid !== null
    ? textBlock(c.invalid, { cls: "bad" })
    : scratch && typeof c.args.reasoning === "string"
      ? textBlock(c.args.reasoning, { cls: "reasoning" })
      : argList(c.args)
}
${c.result ? resultBlock(c.result) : html`<div class="result missing">no result recorded</div>`}
</div>`;
}

function resultBlock(r: NonNullable<CallItem["result"]>): Html {
  return html`<div class="result${r.error ? " error" : ""}" id="e${r.seq}"><div class="result-head"><span class="arrow">${r.error ? "✗" : "←"}</span> ${
    r.error ? html`<span class="bad">error${r.errorKind ? ` (${r.errorKind})` : ""}</span>` : html`<span class="muted">result</span>`
  }</div>${textBlock(r.content, { lines: 16 })}</div>`;
}

function turnMeta(t: TurnItem): string {
  const bits = [t.provider && t.model ? `${t.provider}:${t.model}` : "", `${tokens(t.usage.input_tokens)} in / ${tokens(t.usage.output_tokens)} out`];
  if (t.meta?.latency_ms !== undefined) bits.push(`${Math.round(t.meta.latency_ms)} ms`);
  if (t.meta?.cost_usd) bits.push(usd(t.meta.cost_usd));
  if (t.meta?.retries) bits.push(`${t.meta.retries} retr${t.meta.retries === 1 ? "y" : "ies"}`);
  if (t.meta?.cache_hit) bits.push("cached");
  if (t.meta?.replayed) bits.push("replayed");
  return bits.filter(Boolean).join(" · ");
}

export function turnCard(t: TurnItem, label?: string): Html {
  const who = label ?? (t.role === "evaluator" ? (t.interview ? "Evaluator (interview answer)" : `Turn ${t.turn}`) : t.role);
  return html`<article class="item turn role-${t.role.replace(/[^a-z]/gi, "")}" id="e${t.seq}" data-turn="${t.turn}">
<header><span class="who">${who}</span>${t.role === "evaluator" ? html` <span class="role">evaluator</span>` : ""}<span class="meta">${turnMeta(
    t,
  )}</span><a class="anchor" href="#e${t.seq}" title="Link to this turn">#</a></header>
${t.reasoning ? html`<div class="reasoning-wrap"><div class="label">reasoning</div>${textBlock(t.reasoning, { cls: "reasoning", lines: 10 })}</div>` : ""}
${t.text.trim() ? textBlock(t.text.trim(), { cls: "say", lines: 40 }) : ""}
${t.calls.map(callBlock)}
</article>`;
}

export function itemCard(it: ConversationItem): Html {
  switch (it.type) {
    case "message": {
      const title = it.role === "system" ? "System prompt" : it.nudge ? "Harness nudge (no tool was used)" : it.interview ? "Interviewer" : "User";
      const cls = it.role === "system" ? "system" : it.nudge ? "nudge" : it.interview ? "interviewer" : "user";
      return html`<article class="item msg ${cls}" id="e${it.seq}"><header><span class="who">${
        title
      }</span><a class="anchor" href="#e${it.seq}">#</a></header>${textBlock(it.text, {
        lines: it.role === "system" ? 8 : 30,
        cls: it.role === "system" ? "" : "prose",
      })}</article>`;
    }
    case "turn":
      return turnCard(it);
    case "judge":
      return html`<article class="item judge" id="e${it.seq}"><header><span class="who">Judge${
        it.job ? ` · ${it.job}` : ""
      }</span><span class="meta">${it.provider}:${it.model}</span><a class="anchor" href="#e${it.seq}">#</a></header>${
        typeof it.answer === "string"
          ? textBlock(it.answer)
          : it.answer && typeof it.answer === "object"
            ? argList(it.answer as Record<string, unknown>)
            : textBlock(pretty(it.answer))
      }</article>`;
    case "peer":
      return html`<article class="item peer" id="e${it.seq}"><header><span class="who">Peer message${
        it.from ? ` from ${it.from}` : ""
      }${it.to ? ` to ${it.to}` : ""}</span><a class="anchor" href="#e${
        it.seq
      }">#</a></header>${textBlock(it.text || pretty(it.payload), { lines: 30 })}</article>`;
    case "interview":
      return html`<article class="item interview" id="e${it.seq}"><header><span class="who">Interview${
        it.turn !== null ? ` · question ${it.turn}` : ""
      }</span><a class="anchor" href="#e${it.seq}">#</a></header><div class="label">Q</div>${textBlock(it.question)}<div class="label">A</div>${textBlock(
        it.answer || "(no answer)",
      )}</article>`;
    case "score": {
      const neutral = neutralOutcomes();
      return html`<article class="item score" id="e${it.seq}"><header><span class="who">Scored by ${
        it.scorer
      }${it.version ? `@${it.version}` : ""}</span><a class="anchor" href="#e${it.seq}">#</a></header><table class="kv">${Object.entries(it.outcomes).map(
        ([k, v]) =>
          html`<tr><th>${k}</th><td>${outcomeBadge(v, neutral.has(k))}</td><td class="evidence">${
            it.evidence[k] === undefined ? "" : pretty(it.evidence[k])
          }</td></tr>`,
      )}</table></article>`;
    }
    case "result":
      return html`<article class="item orphan" id="e${it.seq}"><header><span class="who">Tool result · ${
        it.result.name
      }</span></header>${resultBlock(it.result)}</article>`;
    case "error":
      return html`<article class="item error" id="e${
        it.seq
      }"><header><span class="who">Error</span><a class="anchor" href="#e${it.seq}">#</a></header>${textBlock(pretty(it.payload), { cls: "bad" })}</article>`;
    case "event":
      return html`<article class="item event" id="e${it.seq}"><header><span class="who">${it.kind}${
        it.role ? ` · ${it.role}` : ""
      }</span><a class="anchor" href="#e${it.seq}">#</a></header>${textBlock(pretty(it.payload), { lines: 12 })}</article>`;
    default:
      return it satisfies never;
  }
}
