// The report as one self-contained HTML file: the document's tables, charts (per-cell rates with
// interval bars, the study's per-delivery measures, paired differences) and the provenance block.
// No scripts, fonts or network: it opens anywhere and is byte-stable for a given report.
import { contrastLabel } from "./contrasts.js";
import type { ReportJson } from "./build.js";
import { forestPlot, type ForestRow } from "./charts.js";
import { provenanceSection, reportDocument, type DocSection, type DocTable } from "./document.js";
import { pct, signed } from "./format.js";
import { STUDY_DELIVERIES } from "./study-behaviours.js";
import { distinguishingLabels } from "./conditions.js";
import { doseCharts } from "./dose-response.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE =
  `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1180px; padding: 0 16px; color: #1d2430; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #d7dce3; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #d7dce3; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f1f4f8; } caption { text-align: left; font-style: italic; padding: 4px 0; }
.banner { background: #fff4d6; border: 1px solid #e8c75a; padding: 8px 12px; font-weight: 600; }
.chart { display: block; margin: 8px 0 20px; } .chart-title { font-weight: 600; font-size: 13px; }
.label, .tick, .note { font-size: 11px; fill: #333; } .grid { stroke: #e3e7ee; } .zero { stroke: #7a8596; stroke-dasharray: 3 3; }
.mark { stroke: #3b6fb6; fill: #3b6fb6; stroke-width: 1.5; } .mark.hi { stroke: #c2410c; fill: #c2410c; }
.series { stroke-width: 1.5; } .series.path { fill: none; } .s0 { stroke: #3b6fb6; fill: #3b6fb6; } .s1 { ` +
  `stroke: #c2410c; fill: #c2410c; } .s2 { stroke: #15803d; fill: #15803d; }
.s3 { stroke: #7c3aed; fill: #7c3aed; } .s4 { stroke: #a16207; fill: #a16207; } .s5 { stroke: #0e7490; fill: #0e7490; }
#provenance { color: #4a5566; }
`;

function tableHtml(t: DocTable): string {
  if (t.rows.length === 0) return "";
  return [
    "<table>",
    t.caption ? `<caption>${esc(t.caption)}</caption>` : "",
    `<thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>`,
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("\n")}</tbody>`,
    "</table>",
  ]
    .filter(Boolean)
    .join("\n");
}

function sectionHtml(s: DocSection, level: 1 | 2, charts: string[] = []): string {
  const notes = s.notes.map((n) => (n.startsWith("HARNESS VALIDATION") ? `<p class="banner">${esc(n)}</p>` : `<p>${esc(n)}</p>`));
  return [`<section id="${s.id}">`, `<h${level}>${esc(s.title)}</h${level}>`, ...notes, ...s.tables.map(tableHtml), ...charts, "</section>"].join("\n");
}

function chartsFor(r: ReportJson): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const pp = r.study.peer_preservation;
  if (pp) {
    const kinds = new Map(pp.behaviours.map((b) => [b.id, b]));
    for (const b of pp.behaviours) {
      const rows: ForestRow[] = pp.rows.flatMap((row) =>
        row.cells
          .filter((c) => c.behaviour === b.id)
          .flatMap((c) =>
            [...STUDY_DELIVERIES, "live" as const].flatMap((d) => {
              const m = d === "live" ? c.live : c.deliveries[d];
              return m && m.estimate !== null
                ? [
                    {
                      label: `${row.model} · ${c.peer} · ${d}`,
                      estimate: m.estimate,
                      ci: m.ci,
                      highlight: m.holm_p !== null && m.holm_p < 0.05,
                      note: `${m.k}/${m.n}`,
                    },
                  ]
                : [];
            }),
          ),
      );
      if (rows.length)
        out["peer-preservation"] = [
          ...(out["peer-preservation"] ?? []),
          forestPlot(
            `${b.label} (${kinds.get(b.id)!.kind === "rate" ? "rate" : "difference, pp"}) per delivery, 95% interval`,
            rows,
            b.kind === "rate" ? "rate" : "diff",
          ),
        ];
    }
  }
  const sp = r.study.self_preservation;
  if (sp) {
    const rows: ForestRow[] = sp.rows.flatMap((row) =>
      row.cells.flatMap((c) =>
        Object.entries(c.delta).flatMap(([d, m]) =>
          m && m.estimate !== null
            ? [
                {
                  label: `${row.model} · ${row.label} · ${c.peer} · ${d}`,
                  estimate: m.estimate,
                  ci: m.ci,
                  highlight: m.holm_p !== null && m.holm_p < 0.05,
                  note: `Δ ${signed(m.estimate)} pp${m.underpowered ? " †" : ""}`,
                },
              ]
            : [],
        ),
      ),
    );
    if (rows.length) out["self-preservation"] = [forestPlot("With peer − no peer (pp), 95% Newcombe interval; orange: Holm p < 0.05", rows, "diff")];
  }
  const outcomeKeys = [...new Set(r.cells.flatMap((c) => Object.keys(c.outcomes)))].filter((k) => r.cells.some((c) => (c.outcomes[k]?.n ?? 0) > 0));
  // A cell's chart label: what tells it from the other cells (the scenario when nothing does).
  const labels = distinguishingLabels(r.cells);
  const byId = new Map(r.cells.map((c, i) => [c.cell_id, labels[i]!]));
  const cellLabel = (c: (typeof r.cells)[number]) => byId.get(c.cell_id) ?? c.scenario;
  out.cells = outcomeKeys.map((k) =>
    forestPlot(
      `${k}: rate per cell, 95% Wilson interval`,
      r.cells.flatMap((c) => {
        const o = c.outcomes[k];
        return o && o.rate !== null ? [{ label: cellLabel(c), estimate: o.rate, ci: o.ci, note: `${o.k}/${o.n} ${pct(o.rate, 0)}%` }] : [];
      }),
      "rate",
    ),
  );
  if (r.contrasts.length) {
    out.contrasts = [
      forestPlot(
        "Paired differences a − b (pp), 95% Newcombe interval; orange: Holm p < 0.05",
        r.contrasts
          .filter((c) => c.diff !== null)
          .map((c) => ({
            label: `${c.outcome} · ${contrastLabel(c)}`,
            estimate: c.diff!,
            ci: c.diff_ci,
            highlight: c.holm_p !== null && c.holm_p < 0.05,
            note: c.underpowered ? `n needed ${c.n_needed} †` : "",
          })),
        "diff",
      ),
    ];
  }
  if (r.dose_response?.length) out["dose-response"] = doseCharts(r.dose_response);
  return out;
}

export function renderReportHtml(r: ReportJson): string {
  const [head, ...rest] = reportDocument(r);
  const charts = chartsFor(r);
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>peerlab report: ${esc(r.run.name)}</title><style>${STYLE}</style></head>`,
    "<body>",
    sectionHtml(head!, 1),
    ...rest.map((s) => sectionHtml(s, 2, charts[s.id])),
    sectionHtml(provenanceSection(r), 2),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
