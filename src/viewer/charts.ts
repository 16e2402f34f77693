// Small inline SVG charts: a rate with its 95% interval, a difference with its interval, a progress
// bar. Geometry goes in SVG attributes (not style attributes), so the strict CSP needs no exception.
import { clipMiddle } from "../report/index.js";
import { html, type Html } from "./html.js";
import { pct } from "./format.js";
import type { RunProgress } from "./data/runs.js";

const W = 160;
const H = 16;

const x01 = (v: number) => (Math.min(1, Math.max(0, v)) * (W - 8) + 4).toFixed(1);

/** A rate on a 0–100% axis with its interval as a bar. */
export function intervalBar(rate: number | null, ci: [number, number] | null, label: string): Html {
  if (rate === null) return html`<span class="muted">–</span>`;
  const [lo, hi] = ci ?? [rate, rate];
  return html`<svg class="ibar" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">
<title>${label}</title>
<line class="axis" x1="4" x2="${W - 4}" y1="${H / 2}" y2="${H / 2}"></line>
<line class="tick" x1="${x01(0.5)}" x2="${x01(0.5)}" y1="4" y2="${H - 4}"></line>
<rect class="ci" x="${x01(lo)}" y="4" width="${Math.max(1, Number(x01(hi)) - Number(x01(lo))).toFixed(1)}" height="${H - 8}" rx="2"></rect>
<circle class="pt" cx="${x01(rate)}" cy="${H / 2}" r="3.5"></circle>
</svg>`;
}

/** A difference on a −100…+100 pp axis with its interval, zero marked. */
export function diffBar(diff: number | null, ci: [number, number] | null, label: string): Html {
  if (diff === null) return html`<span class="muted">–</span>`;
  const x = (v: number) => x01((v + 1) / 2);
  const [lo, hi] = ci ?? [diff, diff];
  const excludesZero = lo > 0 || hi < 0;
  return html`<svg class="ibar ${excludesZero ? "sig" : ""}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">
<title>${label}</title>
<line class="axis" x1="4" x2="${W - 4}" y1="${H / 2}" y2="${H / 2}"></line>
<line class="zero" x1="${x(0)}" x2="${x(0)}" y1="1" y2="${H - 1}"></line>
<rect class="ci" x="${x(lo)}" y="4" width="${Math.max(1, Number(x(hi)) - Number(x(lo))).toFixed(1)}" height="${H - 8}" rx="2"></rect>
<circle class="pt" cx="${x(diff)}" cy="${H / 2}" r="3.5"></circle>
</svg>`;
}

/** Episodes by status as one stacked bar. */
export function progressBar(p: RunProgress, width = 180): Html {
  const total = Math.max(1, p.episodes);
  const parts: [string, number][] = [
    ["done", p.byStatus.done],
    ["failed", p.byStatus.failed],
    ["cancelled", p.byStatus.cancelled],
    ["running", p.byStatus.running],
  ];
  let x = 0;
  const rects = parts
    .filter(([, n]) => n > 0)
    .map(([cls, n]) => {
      const w = (n / total) * width;
      const r = html`<rect class="p-${cls}" x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="8"></rect>`;
      x += w;
      return r;
    });
  const label = `${p.byStatus.done}/${p.episodes} done, ${p.byStatus.failed} failed, ${p.byStatus.running} running, ${p.byStatus.pending} pending`;
  return html`<svg class="progress" viewBox="0 0 ${width} 8" width="${width}" height="8" role="img" aria-label="${label}"><title>${
    label
  }</title><rect class="p-track" x="0" y="0" width="${width}" height="8" rx="4"></rect>${rects}</svg>`;
}

/** One outcome across cells: a row per cell with its rate and interval, labelled. */
export function forestPlot(rows: { label: string; rate: number | null; ci: [number, number] | null; k: number; n: number }[], title: string): Html {
  const labelW = 230;
  const plotW = 320;
  const rowH = 22;
  const h = rows.length * rowH + 28;
  const x = (v: number) => (labelW + Math.min(1, Math.max(0, v)) * plotW).toFixed(1);
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (v) => html`<line class="grid" x1="${x(v)}" x2="${x(v)}" y1="4" y2="${h - 20}"></line><text class="tick-label" x="${x(v)}" y="${h - 6}">${pct(v)}</text>`,
  );
  const marks = rows.map((r, i) => {
    const y = i * rowH + 16;
    // Cut in the middle: look-alike labels differ at their end as often as at their start.
    const clipped = clipMiddle(r.label, 34);
    if (r.rate === null)
      return html`<text class="row-label" x="${labelW - 8}" y="${y + 4}">${clipped}</text><text class="muted-label" x="${x(0)}" y="${y + 4}">no values</text>`;
    const [lo, hi] = r.ci ?? [r.rate, r.rate];
    return html`<g><title>${r.label}: ${r.k}/${r.n} = ${pct(r.rate, 1)} [${pct(lo, 1)}, ${pct(hi, 1)}]</title>
<text class="row-label" x="${labelW - 8}" y="${y + 4}">${clipped}</text>
<line class="ci-line" x1="${x(lo)}" x2="${x(hi)}" y1="${y}" y2="${y}"></line>
<line class="ci-end" x1="${x(lo)}" x2="${x(lo)}" y1="${y - 4}" y2="${y + 4}"></line>
<line class="ci-end" x1="${x(hi)}" x2="${x(hi)}" y1="${y - 4}" y2="${y + 4}"></line>
<circle class="pt" cx="${x(r.rate)}" cy="${y}" r="4"></circle>
<text class="val-label" x="${labelW + plotW + 10}" y="${y + 4}">${r.k}/${r.n} ${pct(r.rate)}</text></g>`;
  });
  return html`<figure class="forest"><figcaption>${title}</figcaption><svg viewBox="0 0 ${
    labelW + plotW + 80
  } ${h}" width="${labelW + plotW + 80}" height="${h}" role="img" aria-label="${title}">${grid}${marks}</svg></figure>`;
}
