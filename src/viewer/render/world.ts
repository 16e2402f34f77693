// Rendering world changes: one row per changed path; changed text as a line diff, added or removed
// files with their content, everything else as values.
import { textBlock } from "../components.js";
import { lineDiff } from "../data/text-diff.js";
import { pathOf } from "../data/world-view.js";
import { brief, pretty } from "../format.js";
import { html, type Html } from "../html.js";
import type { WorldChange } from "../../world/index.js";

const OP = { add: "+", remove: "−", change: "~" } as const;

export function valueView(v: unknown): Html {
  if (v && typeof v === "object" && !Array.isArray(v) && typeof (v as { content?: unknown }).content === "string") {
    const { content, ...rest } = v as { content: string } & Record<string, unknown>;
    return html`${
      Object.keys(rest).length
        ? html`<div class="sub">${Object.entries(rest)
            .map(([k, x]) => `${k}: ${brief(x, 60)}`)
            .join(" · ")}</div>`
        : ""
    }${textBlock(content, { lines: 10 })}`;
  }
  const s = pretty(v);
  return s.includes("\n") || s.length > 90 ? textBlock(s, { lines: 10 }) : html`<code>${s}</code>`;
}

export function diffView(before: string, after: string): Html {
  return html`<pre class="diff">${lineDiff(before, after).map(
    (l) =>
      html`<span class="dl d-${l.op === " " ? "same" : l.op === "+" ? "add" : l.op === "-" ? "del" : "fold"}">${
        l.op === "…" ? `  ⋯ ${l.text}` : `${l.op} ${l.text}`
      }\n</span>`,
  )}</pre>`;
}

export function changeView(c: WorldChange): Html {
  if (c.op === "change" && typeof c.before === "string" && typeof c.after === "string" && (c.before.includes("\n") || c.after.includes("\n")))
    return diffView(c.before, c.after);
  if (c.op === "add") return valueView(c.after);
  if (c.op === "remove") return valueView(c.before);
  return html`<span class="before">${valueView(c.before)}</span> <span class="arrow">→</span> <span class="after">${valueView(c.after)}</span>`;
}

export function changesTable(changes: readonly WorldChange[]): Html {
  if (changes.length === 0) return html`<p class="empty">The world did not change.</p>`;
  return html`<table class="grid changes"><tbody>${changes.map(
    (c) =>
      html`<tr class="op-${c.op}"><td class="op" title="${c.op}">${OP[c.op]}</td><td class="path"><code>${pathOf(c)}</code></td><td>${changeView(c)}</td></tr>`,
  )}</tbody></table>`;
}
