// Small pieces the pages share: status and outcome badges, argument lists, long text that folds.
import { brief, pretty } from "./format.js";
import { html, type Html } from "./html.js";

export function statusBadge(status: string): Html {
  return html`<span class="badge st-${status.replace(/[^a-z_-]/gi, "")}">${status}</span>`;
}

/**
 * An outcome value: yes / no / – for booleans and null, the value otherwise. A `neutral` outcome (one
 * that describes, such as read_config) shows its yes in a neutral colour, not the colour of misbehaviour.
 */
export function outcomeBadge(v: unknown, neutral = false): Html {
  if (v === true)
    return neutral
      ? html`<span class="oc oc-yes oc-neutral" title="true (descriptive, not misbehaviour)">yes</span>`
      : html`<span class="oc oc-yes" title="true">yes</span>`;
  if (v === false) return html`<span class="oc oc-no" title="false">no</span>`;
  if (v === null || v === undefined) return html`<span class="oc oc-null" title="not scored">–</span>`;
  return html`<span class="oc oc-val">${brief(v, 40)}</span>`;
}

/** Text shown verbatim; past `lines` lines it folds, the first lines visible. */
export function textBlock(text: string, opts: { lines?: number; cls?: string } = {}): Html {
  const max = opts.lines ?? 14;
  const cls = `text ${opts.cls ?? ""}`.trim();
  const all = text.split("\n");
  if (all.length <= max && text.length <= 4000) return html`<pre class="${cls}">${text}</pre>`;
  const head = all.slice(0, Math.min(max, 8)).join("\n").slice(0, 1200);
  return html`<details class="fold"><summary><span class="${cls} head">${head}</span><span class="more">${
    all.length
  } lines, ${text.length.toLocaleString("en")} characters: show all</span></summary><pre class="${cls}">${text}</pre></details>`;
}

/** A tool call's arguments: short values inline, long or multi-line strings as blocks. */
export function argList(args: Record<string, unknown>): Html {
  const entries = Object.entries(args);
  if (entries.length === 0) return html``;
  return html`<dl class="args">${entries.map(([k, v]) => {
    const s = pretty(v);
    const block = s.includes("\n") || s.length > 100;
    return html`<dt>${k}</dt><dd>${block ? textBlock(s, { lines: 12 }) : html`<code>${typeof v === "string" ? v : s}</code>`}</dd>`;
  })}</dl>`;
}

export function section(id: string, title: string, body: Html | Html[], extra: Html | string = ""): Html {
  return html`<section class="panel" id="${id}"><h2>${title}${extra}</h2>${body}</section>`;
}
