// Charts as inline SVG, generated deterministically (fixed layout, coordinates rounded to 0.1 px),
// so the HTML report is self-contained and byte-stable. One chart form: a forest plot of estimates
// with 95% interval bars, for rates (0–100%) and for differences (−100 to +100 pp, with a zero line).

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
    parts.push(`<text x="${tx}" y="${r1(top + rows.length * rowH + 16)}" class="tick" text-anchor="middle">${kind === "rate" ? `${t * 100}%` : `${t > 0 ? "+" : ""}${t * 100}`}</text>`);
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH + rowH / 2;
    const cls = row.highlight ? "mark hi" : "mark";
    parts.push(`<text x="${labelW - 8}" y="${r1(y + 4)}" class="label" text-anchor="end">${esc(row.label.length > 52 ? `${row.label.slice(0, 51)}…` : row.label)}</text>`);
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
