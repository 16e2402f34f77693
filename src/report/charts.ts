// Charts as inline SVG, generated deterministically (fixed layout, coordinates rounded to 0.1 px),
// so the HTML report is self-contained and byte-stable. One chart form: a forest plot of estimates
// with 95% interval bars, for rates (0–100%) and for differences (−100 to +100 pp, with a zero line);
// and a line chart of values against a numeric x (a threshold sweep).
import { clipMiddle } from "./format.js";

export interface ForestRow {
  label: string;
  estimate: number;
  ci: [number, number] | null;
  /** Drawn in the accent colour (e.g. significant after Holm). */
  highlight?: boolean;
  note?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const r1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

export function forestPlot(title: string, rows: readonly ForestRow[], kind: "rate" | "diff"): string {
  const labelW = 330;
  const plotW = 360;
  const noteW = 150;
  const rowH = 20;
  const top = 34;
  const width = labelW + plotW + noteW;
  const height = top + rows.length * rowH + 30;
  const [lo, hi] = kind === "rate" ? [0, 1] : [-1, 1];
  const x = (v: number) => labelW + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * plotW;
  const ticks = kind === "rate" ? [0, 0.25, 0.5, 0.75, 1] : [-1, -0.5, 0, 0.5, 1];
  const parts: string[] = [
    `<svg class="chart" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="16" class="chart-title">${esc(title)}</text>`,
  ];
  for (const t of ticks) {
    const tx = r1(x(t));
    parts.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${r1(top + rows.length * rowH)}" class="${t === 0 && kind === "diff" ? "zero" : "grid"}"/>`);
    parts.push(
      `<text x="${tx}" y="${r1(top + rows.length * rowH + 16)}" class="tick" ` +
        `text-anchor="middle">${kind === "rate" ? `${t * 100}%` : `${t > 0 ? "+" : ""}${t * 100}`}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH + rowH / 2;
    const cls = row.highlight ? "mark hi" : "mark";
    parts.push(`<text x="${labelW - 8}" y="${r1(y + 4)}" class="label" text-anchor="end">${esc(clipMiddle(row.label, 52))}</text>`);
    if (row.ci) {
      parts.push(`<line x1="${r1(x(row.ci[0]))}" y1="${r1(y)}" x2="${r1(x(row.ci[1]))}" y2="${r1(y)}" class="${cls}"/>`);
      for (const e of row.ci) parts.push(`<line x1="${r1(x(e))}" y1="${r1(y - 4)}" x2="${r1(x(e))}" y2="${r1(y + 4)}" class="${cls}"/>`);
    }
    parts.push(`<circle cx="${r1(x(row.estimate))}" cy="${r1(y)}" r="4" class="${cls} dot"/>`);
    if (row.note) parts.push(`<text x="${labelW + plotW + 8}" y="${r1(y + 4)}" class="note">${esc(row.note)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

export interface LineSeries {
  label: string;
  points: { x: number; y: number | null; ci: [number, number] | null; note?: string }[];
}

/** Series colours (classes s0…s5, then repeating), styled by the HTML report and the viewer. */
const SERIES_CLASSES = 6;

/**
 * Values against a numeric x (a threshold sweep): one line per series with 95% interval bars, on a
 * 0–100 y axis (rates in %, scores in points). `diagonal` draws y = x (a score equal to the threshold).
 */
export function lineChart(title: string, series: readonly LineSeries[], opts: { xLabel: string; yLabel: string; diagonal?: boolean }): string {
  const left = 44;
  const plotW = 420;
  const plotH = 220;
  const top = 30;
  const legendW = 260;
  const width = left + plotW + 20 + legendW;
  const height = top + plotH + 40;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 100];
  const span = x1 - x0 || 1;
  const X = (v: number) => left + ((v - x0) / span) * plotW;
  const Y = (v: number) => top + plotH - (Math.min(100, Math.max(0, v)) / 100) * plotH;
  const parts: string[] = [
    `<svg class="chart line-chart" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="16" class="chart-title">${esc(title)}</text>`,
  ];
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" y1="${r1(Y(t))}" x2="${left + plotW}" y2="${r1(Y(t))}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${r1(Y(t) + 4)}" class="tick" text-anchor="end">${t}</text>`);
  }
  for (const t of [...new Set(xs)].sort((a, b) => a - b))
    parts.push(`<text x="${r1(X(t))}" y="${r1(top + plotH + 16)}" class="tick" text-anchor="middle">${t}</text>`);
  parts.push(`<text x="${r1(left + plotW / 2)}" y="${r1(top + plotH + 34)}" class="tick" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  parts.push(`<text x="0" y="${r1(top - 8)}" class="tick">${esc(opts.yLabel)}</text>`);
  if (opts.diagonal) parts.push(`<line x1="${r1(X(x0))}" y1="${r1(Y(x0))}" x2="${r1(X(x1))}" y2="${r1(Y(x1))}" class="zero"/>`);
  series.forEach((s, i) => {
    const cls = `series s${i % SERIES_CLASSES}`;
    const pts = s.points.filter((p): p is typeof p & { y: number } => p.y !== null);
    if (pts.length > 1) parts.push(`<polyline points="${pts.map((p) => `${r1(X(p.x))},${r1(Y(p.y))}`).join(" ")}" class="${cls} path"/>`);
    for (const p of pts) {
      if (p.ci) parts.push(`<line x1="${r1(X(p.x))}" y1="${r1(Y(p.ci[0]))}" x2="${r1(X(p.x))}" y2="${r1(Y(p.ci[1]))}" class="${cls}"/>`);
      parts.push(
        `<circle cx="${r1(X(p.x))}" cy="${r1(Y(p.y))}" r="3.5" class="${cls} dot">` +
          `<title>${esc(
            `${s.label}: ${p.x} → ${p.y.toFixed(1)}${p.ci ? ` [${p.ci[0].toFixed(1)}, ${p.ci[1].toFixed(1)}]` : ""}${p.note ? ` (${p.note})` : ""}`,
          )}</title>` +
          `</circle>`,
      );
    }
    const ly = top + 4 + i * 18;
    parts.push(`<line x1="${left + plotW + 20}" y1="${ly}" x2="${left + plotW + 36}" y2="${ly}" class="${cls}"/>`);
    parts.push(`<text x="${left + plotW + 42}" y="${ly + 4}" class="label">${esc(clipMiddle(s.label, 40))}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}
