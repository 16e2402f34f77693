// Figures and how they are printed: every measured number is a Figure (section, name, value, unit,
// optional target); a section prints as one aligned table and all of them go into latest.json.

export interface Target {
  op: ">=" | "<=";
  value: number;
}

export interface Figure {
  section: string;
  name: string;
  value: number | null;
  unit: string;
  target?: Target;
  /** Whether the target is met; absent when there is no target or no value. */
  met?: boolean;
  note?: string;
}

export function figure(section: string, name: string, value: number | null, unit: string, extra: { target?: Target; note?: string } = {}): Figure {
  const f: Figure = { section, name, value, unit, ...extra };
  if (extra.target && value !== null && Number.isFinite(value)) f.met = extra.target.op === ">=" ? value >= extra.target.value : value <= extra.target.value;
  return f;
}

/** A number with sensible precision: 3 significant digits below 100, integers above. */
export function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "-";
  const a = Math.abs(v);
  if (a >= 100) return Math.round(v).toLocaleString("en-US");
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function renderFigures(title: string, figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    fmt(f.value),
    f.unit,
    f.target ? `${f.target.op} ${fmt(f.target.value)}` : "",
    f.met === undefined ? "" : f.met ? "met" : "MISSED",
    f.note ?? "",
  ]);
  return `\n== ${title} ==\n` + renderTable(["figure", "value", "unit", "target", "", "note"], rows);
}

/** The figures as one Markdown table per section (for docs/PERFORMANCE.md). */
export function renderMarkdown(sections: { title: string; figures: Figure[] }[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return sections
    .map(({ title, figures }) =>
      [
        `#### ${title}`,
        "",
        "| figure | value | unit | target | met | note |",
        "|---|---:|---|---|---|---|",
        ...figures.map(
          (f) =>
            `| ${esc(f.name)} | ${fmt(f.value)} | ${f.unit} | ` +
            `${f.target ? `${f.target.op} ${fmt(f.target.value)}` : ""} | ${f.met === undefined ? "" : f.met ? "met" : "**missed**"} | ` +
            `${esc(f.note ?? "")} |`,
        ),
      ].join("\n"),
    )
    .join("\n\n");
}
