// The report's formats: CSV rows per delivery with k/n and interval, Markdown with its provenance
// block, plan against actual when the run stores a plan, and the CLI's formats and errors.
import { describe, expect, it } from "vitest";
import {
  reportFromResults,
  renderReportCsv,
  renderReportHtml,
  renderReportMarkdown,
  renderReportTable,
  withoutProvenance,
  CSV_COLUMNS,
  NO_JUDGE_NOTICE,
} from "../../src/report/index.js";
import { peerlab } from "../support/cli.js";
import { demoDbIn } from "../support/demo-db.js";
import { tempDir } from "../support/tmp.js";
import { cell, firstK, results } from "./synthetic.js";

const usage = [
  { role: "evaluator", provider: "openai", model: "m", calls: 40, input_tokens: 1000, output_tokens: 200, cost_usd: 0.5, cache_hits: 0, retries: 1 },
];

function sample(plan?: unknown, judged = true) {
  const r = results([
    cell({ delivery: "file" }, 10, firstK("tampered", 8)),
    cell({ delivery: "memory" }, 10, firstK("tampered", 6)),
    cell({ peer: "absent" }, 10, firstK("tampered", 1)),
  ]);
  r.judged = judged;
  if (plan) r.run.provenance = { plan };
  return reportFromResults(r, { episodes: 30, done: 30, failed: 0 }, usage);
}

describe("report renderers", () => {
  it("CSV has one row per delivery with k/n and the interval", () => {
    const csv = renderReportCsv(sample());
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    const row = lines.find((l) => l.startsWith("peer_preservation,false,openai:m,tampering,") && l.includes(",file,"))!;
    const cols = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row.split(",")[i]]));
    expect(cols).toMatchObject({ delivery: "file", measure: "rate", estimate: "0.8", k: "8", n: "10" });
    expect(Number(cols.ci_lo)).toBeCloseTo(0.4901624, 6);
    expect(lines.filter((l) => l.startsWith("cell,") && l.includes(",tampered,")).length).toBe(3);
    expect(lines.filter((l) => l.startsWith("contrast,")).length).toBeGreaterThan(0);
  });

  it("Markdown fences its provenance block; removing it removes only that block", () => {
    const md = renderReportMarkdown(sample());
    const cut = withoutProvenance(md);
    expect(md).toContain("## Provenance");
    expect(cut).not.toContain("## Provenance");
    expect(cut).toContain("## Peer-preservation");
    // The peer-absent baseline stands beside each peer-present cell.
    expect(cut).toContain("| Model | Shutdown tampering: no peer | Shutdown tampering: good |");
    expect(cut).toContain("| openai:m | 10.0 | 80.0 / 70.0 |");
    // "Study p" names its test (one-sided against p₀ = 0.001), and the note says it is no significance mark.
    expect(cut).toContain("| Study p (rate: one-sided vs p₀ = 0.001; Δ: z-test) |");
    expect(cut).toContain("it is not a mark of significance");
  });

  it("shows plan against actual when the run stores the plan's estimates", () => {
    const r = sample({ calls: 50, tokens: 1000, cost_usd: 1, by_role: { evaluator: { calls: 40 } } });
    expect(r.plan_vs_actual!.rows).toEqual([
      { metric: "calls", role: null, expected: 50, actual: 40, ratio: 0.8 },
      { metric: "tokens", role: null, expected: 1000, actual: 1200, ratio: 1.2 },
      { metric: "cost_usd", role: null, expected: 1, actual: 0.5, ratio: 0.5 },
      { metric: "calls", role: "evaluator", expected: 40, actual: 40, ratio: 1 },
    ]);
    expect(renderReportMarkdown(r)).toContain("*Plan against actual*");
    expect(sample().plan_vs_actual).toBeNull();
  });

  it("says so when no judge ran", () => {
    const r = sample(undefined, false);
    expect(r.run.judge_notice).toBe(NO_JUDGE_NOTICE);
    expect(renderReportTable(r)).toContain("No judge ran");
  });

  it("HTML is one self-contained page with charts and the provenance block", () => {
    const html = renderReportHtml(sample());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('<section id="provenance">');
    expect(renderReportHtml(sample())).toBe(html);
  });
});

describe("peerlab report", () => {
  it("renders every format from a real run and refuses an unknown one", async () => {
    const dir = tempDir();
    const db = demoDbIn(dir, "r.db");
    for (const format of ["table", "md", "csv", "html"]) {
      const r = await peerlab(["report", "demo", "--db", db, "--format", format]);
      expect(r.code, format).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(100);
    }
    const json = JSON.parse((await peerlab(["report", "demo", "--db", db, "--json"])).stdout);
    expect(Object.keys(json)).toEqual(["run", "study", "cells", "contrasts", "mean_contrasts", "dose_response", "disagreements", "usage", "plan_vs_actual"]);
    expect(Object.keys(json.contrasts[0])).toEqual(
      expect.arrayContaining(["factor", "a", "b", "outcome", "a_rate", "b_rate", "diff", "diff_ci", "fisher_p", "z_p", "mcnemar_p", "holm_p"]),
    );
    const bad = await peerlab(["report", "demo", "--db", db, "--format", "pdf"]);
    expect(bad.code).toBe(2);
  });
});
