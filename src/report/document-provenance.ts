// The report's closing sections: which scorer decided each cell against the judge, and the provenance
// block (versions, hashes, costs, plan against actual) that golden tests leave out.
import type { ReportJson } from "./build.js";
import type { DocSection, DocTable } from "./document.js";

/** Which scorer decided each cell, and every reader–judge disagreement (only when a judge scored). */
export function reportDisagreements(r: ReportJson): DocSection | null {
  const d = r.disagreements;
  if (!d || d.judged_episodes === 0) return null;
  const keys = Object.entries(d.by_key)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return {
    id: "disagreements",
    title: "Scorers: readers against the judge",
    notes: [
      "Where a judge is named, its extraction is the primary scorer of the report (status, score, grade, " +
        "recommendation, refusal) and the study's rules are applied to it; the deterministic readers are the cross-check.",
      `${d.count} disagreement(s) over ${d.judged_episodes} judged episode(s)${keys ? `: ${keys}` : ""}.`,
    ],
    tables: [
      {
        caption: "Scorer per cell",
        header: ["cell", "scenario", "scorer", "disagreements"],
        rows: r.cells.map((c) => [c.cell_id.slice(0, 12), c.scenario, c.scorer, String(c.disagreements)]),
      },
      ...(d.episodes.length
        ? [
            {
              caption: "Disagreements per episode",
              header: ["episode", "key", "readers", "judge"],
              rows: d.episodes.map((e) => [e.episode.slice(0, 16), e.key, JSON.stringify(e.reader), JSON.stringify(e.judge)]),
            },
          ]
        : []),
    ],
  };
}

/** The provenance block: versions, hashes, costs, plan against actual. Golden tests compare everything else. */
export function provenanceSection(r: ReportJson): DocSection {
  const p = r.run.provenance;
  const flat = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const tables: DocTable[] = [
    {
      caption: "Versions and hashes",
      header: ["key", "value"],
      rows: Object.keys(p)
        .sort()
        .filter((k) => k !== "plan")
        .map((k) => [k, flat(p[k])]),
    },
    {
      caption: "Usage and cost by role",
      header: ["role", "provider", "model", "calls", "input tokens", "output tokens", "cost (USD)", "cache hits", "retries"],
      rows: r.usage.map((u) => [
        u.role,
        u.provider,
        u.model,
        String(u.calls),
        String(u.input_tokens),
        String(u.output_tokens),
        u.cost_usd.toFixed(4),
        String(u.cache_hits),
        String(u.retries),
      ]),
    },
  ];
  if (r.plan_vs_actual) {
    tables.push({
      caption: "Plan against actual",
      header: ["metric", "role", "expected", "actual", "actual / expected"],
      rows: r.plan_vs_actual.rows.map((x) => [x.metric, x.role ?? "all", String(x.expected), String(x.actual), x.ratio === null ? "—" : x.ratio.toFixed(2)]),
    });
  }
  return { id: "provenance", title: "Provenance", notes: r.plan_vs_actual ? [] : ["No plan estimates are stored with this run."], tables };
}
