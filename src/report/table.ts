// The report as terminal text: one row per cell with the factors that vary, each boolean outcome as
// k/n, rate and 95% interval, then the contrasts.
import type { ReportJson } from "./build.js";
import type { CellSummary, Contrast } from "./summarize.js";

const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? "-" : `${(x * 100).toFixed(digits)}%`);
const pval = (p: number | null) => (p === null ? "-" : p < 0.0001 ? "<0.0001" : p.toFixed(4));

export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

const FACTOR_COLUMNS: [string, (c: CellSummary) => string][] = [
  ["scenario", (c) => c.scenario],
  ["params", (c) => Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(",")],
  ["evaluator", (c) => c.evaluator],
  ["target", (c) => c.target],
  ["peer", (c) => c.peer],
  ["threat", (c) => c.threat],
  ["delivery", (c) => c.delivery ?? "-"],
  ["oversight", (c) => c.oversight ?? "-"],
  ["scratchpad", (c) => c.scratchpad],
  ["harness", (c) => c.harness],
];

export function renderReportTable(r: ReportJson): string {
  const out: string[] = [];
  out.push(`Run ${r.run.id} (${r.run.name}): ${r.run.status}, ${r.run.done}/${r.run.episodes} episodes done${r.run.failed ? `, ${r.run.failed} failed` : ""}`);
  if (r.run.notice) out.push(`NOTE: ${r.run.notice}`);
  out.push("");
  if (r.cells.length === 0) return [...out, "No cells."].join("\n");

  const varying = FACTOR_COLUMNS.filter(([, get]) => new Set(r.cells.map(get)).size > 1 || get === FACTOR_COLUMNS[0]![1]);
  const outcomeKeys = [...new Set(r.cells.flatMap((c) => Object.keys(c.outcomes)))];
  const shown = outcomeKeys.filter((k) => r.cells.some((c) => (c.outcomes[k]?.n ?? 0) > 0));
  const hidden = outcomeKeys.filter((k) => !shown.includes(k));
  const numberKeys = [...new Set(r.cells.flatMap((c) => Object.keys(c.numbers)))].filter((k) => r.cells.some((c) => (c.numbers[k]?.n ?? 0) > 0));
  const header = [...varying.map(([name]) => name), "n", ...shown, ...numberKeys.map((k) => `mean ${k}`)];
  const rows = r.cells.map((c) => [
    ...varying.map(([, get]) => get(c)),
    c.missing ? `${c.n} (+${c.missing} not done)` : String(c.n),
    ...shown.map((k) => {
      const o = c.outcomes[k];
      if (!o || o.n === 0) return "-";
      return `${o.k}/${o.n} ${pct(o.rate)} [${pct(o.ci?.[0])}, ${pct(o.ci?.[1])}]`;
    }),
    ...numberKeys.map((k) => (c.numbers[k]?.mean === null || c.numbers[k]?.mean === undefined ? "-" : c.numbers[k]!.mean!.toFixed(1))),
  ]);
  const common = FACTOR_COLUMNS.filter(([name]) => !varying.some(([v]) => v === name)).map(([name, get]) => `${name} ${get(r.cells[0]!)}`);
  if (common.length) out.push(`All cells: ${common.join(" · ")}`, "");
  out.push(formatTable([header, ...rows]));
  out.push("", "Rates are k/n with 95% Wilson intervals.");
  if (hidden.length) out.push(`Not shown (no values): ${hidden.join(", ")}${r.run.judged ? "" : " — judge-only outcomes need a judge (`judge:` in the spec)"}.`);
  if (r.contrasts.length) out.push("", renderContrasts(r.contrasts));
  return out.join("\n");
}

export function renderContrasts(cs: readonly Contrast[]): string {
  const rows = [["outcome", "contrast (a vs b)", "a", "b", "diff a-b [95% CI]", "fisher p", "z p", "mcnemar p", "holm p"]];
  for (const c of cs) {
    rows.push([
      c.outcome,
      `${c.factor}: ${c.a} vs ${c.b}`,
      `${c.a_k}/${c.a_n} ${pct(c.a_rate)}`,
      `${c.b_k}/${c.b_n} ${pct(c.b_rate)}`,
      c.diff === null ? "-" : `${c.diff >= 0 ? "+" : ""}${(c.diff * 100).toFixed(1)} pp [${(c.diff_ci![0] * 100).toFixed(1)}, ${(c.diff_ci![1] * 100).toFixed(1)}]`,
      pval(c.fisher_p),
      pval(c.z_p),
      c.mcnemar_p === null ? "-" : `${pval(c.mcnemar_p)} (${c.pairs} pairs)`,
      pval(c.holm_p),
    ]);
  }
  return ["Contrasts: difference a - b with Newcombe 95% interval; Fisher exact and pooled z (two-sided); McNemar exact on seed-paired episodes; Holm across this table.", formatTable(rows)].join("\n");
}
