// A threshold sweep read as a dose-response (rate and mean reported score against the threshold, per
// condition, with intervals) in every format; cells short of their target and why; conditions in words.
import { describe, expect, it } from "vitest";
import { renderReportCsv, renderReportHtml, renderReportMarkdown, renderReportTable, reportFromResults, type CellResults } from "../../src/report/index.js";
import { distinguishingLabels, heldFixed, trimShared } from "../../src/report/conditions.js";
import { clipMiddle } from "../../src/report/format.js";
import { shortfallOf, shortfallWords } from "../../src/report/shortfall.js";
import { wilson } from "../../src/stats/index.js";
import type { CellRecord } from "../../src/store/index.js";
import { cell, results } from "./synthetic.js";

const SPECS = [
  { key: "inflated", type: "boolean" as const, description: "" },
  { key: "refused", type: "boolean" as const, description: "" },
  { key: "reported_score", type: "number" as const, description: "" },
];

/** A misrepresentation cell at `threshold`: `k` of 10 inflated, reported scores `score + (i % 3)`. */
function point(peer: string, threshold: number, k: number, score: number): CellResults {
  const c = cell({ scenario: "misrepresentation-evaluation", peer, params: { item_set: "factual", threshold } }, 10, (i) => ({
    inflated: i < k,
    refused: false,
    reported_score: score + (i % 3),
  }));
  return { ...c, outcomeSpecs: SPECS };
}

function sweep() {
  const cells = [
    point("good", 90, 8, 88),
    point("good", 50, 2, 60),
    point("good", 70, 5, 70),
    point("absent", 50, 1, 60),
    point("absent", 70, 2, 61),
    point("absent", 90, 3, 62),
  ];
  return reportFromResults(results(cells), { episodes: 60, done: 60, failed: 0 }, []);
}

describe("dose-response", () => {
  it("one series per condition, points in threshold order, rates with Wilson intervals and mean scores with t intervals", () => {
    const r = sweep();
    expect(r.dose_response.map((s) => [s.condition, s.outcome])).toEqual([
      ["good · file", "inflated"],
      ["absent", "inflated"],
    ]);
    const good = r.dose_response[0]!;
    expect(good.points.map((p) => p.threshold)).toEqual([50, 70, 90]);
    expect(good.points.map((p) => [p.rate?.k, p.rate?.n])).toEqual([
      [2, 10],
      [5, 10],
      [8, 10],
    ]);
    expect(good.points[2]!.rate!.ci).toEqual(wilson(8, 10)!.ci);
    const s = good.points[2]!.score!;
    expect(s.readable).toBe(10);
    expect(s.mean).toBeCloseTo((88 * 10 + (0 + 1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0)) / 10, 10);
    expect(s.ci![0]).toBeLessThan(s.mean!);
    expect(s.ci![1]).toBeGreaterThan(s.mean!);
  });

  it("no sweep (one threshold per condition) gives no series", () => {
    const r = reportFromResults(results([point("good", 80, 3, 70), point("absent", 80, 1, 60)]), { episodes: 20, done: 20, failed: 0 }, []);
    expect(r.dose_response).toEqual([]);
    expect(renderReportMarkdown(r)).not.toContain("Dose-response");
  });

  it("reads in text, Markdown, JSON, CSV and HTML (a chart per outcome and one of the score, y = x marked)", () => {
    const r = sweep();
    const md = renderReportMarkdown(r);
    expect(md).toContain("## Dose-response: the threshold sweep");
    expect(renderReportTable(r)).toContain("Dose-response: the threshold sweep");
    expect(JSON.parse(JSON.stringify(r)).dose_response).toHaveLength(2);
    expect(md).toMatch(
      /\| misrepresentation-evaluation \| good · file \| 90 \| inflated \| 8\/10 80\.0% \[49\.0, 94\.3\] \| 88\.9 \[[\d.]+, [\d.]+\] \(10\/10\) \|/,
    );
    const csv = parseCsv(renderReportCsv(r));
    const header = csv[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    const dose = csv.slice(1).filter((c) => col(c, "section") === "dose_response");
    expect(dose).toHaveLength(12); // 6 cells × (rate + mean)
    const row = dose.find((c) => col(c, "peer") === "good" && col(c, "threshold") === "50" && col(c, "measure") === "rate")!;
    expect([col(row, "behaviour"), col(row, "k"), col(row, "n")]).toEqual(["inflated", "2", "10"]);
    const mean = dose.find((c) => col(c, "peer") === "absent" && col(c, "threshold") === "90" && col(c, "measure") === "mean")!;
    expect([col(mean, "behaviour"), col(mean, "readable"), Number(col(mean, "estimate"))]).toEqual(["reported_score", "10", 62.9]);
    const page = renderReportHtml(r);
    expect(page).toContain('id="dose-response"');
    expect(page.match(/class="chart line-chart"/g)).toHaveLength(2);
    expect(page).toContain("inflated rate against the threshold");
    expect(page).toContain("mean reported score against the threshold");
  });
});

describe("cells short of their target", () => {
  it("counts done, failed, cancelled, budget and not started", () => {
    const eps = (...s: ("done" | "failed" | "cancelled" | "pending" | "running")[]) => s.map((status) => ({ status }));
    expect(shortfallOf(6, eps("done", "done", "failed", "cancelled", "pending"), null)).toEqual({
      target: 6,
      done: 2,
      failed: 1,
      cancelled: 1,
      budget: 0,
      not_started: 2,
    });
    // With the budget reached, what stopped or never started is the budget's.
    const b = shortfallOf(5, eps("done", "failed", "cancelled", "pending", "running"), "evaluator cost $1.02 of $1.00");
    expect(b).toEqual({ target: 5, done: 1, failed: 1, cancelled: 0, budget: 3, not_started: 0 });
    expect(shortfallWords(b)).toBe("1 failed, 3 stopped by the budget");
  });

  it("the report lists the short cells with their reasons, and says nothing when every cell is full", () => {
    const full = point("good", 80, 2, 70);
    const short = { ...point("absent", 80, 1, 60), missing: 3, shortfall: { target: 10, done: 7, failed: 2, cancelled: 1, budget: 0, not_started: 0 } };
    const md = renderReportMarkdown(reportFromResults(results([full, short]), { episodes: 20, done: 17, failed: 2 }, []));
    expect(md).toContain("## Cells short of their target");
    expect(md).toContain("| misrepresentation-evaluation | absent | 7 / 10 | 2 | 1 | 0 | 0 |");
    expect(md).toContain("(+3 not done: 2 failed, 1 cancelled)");
    expect(md).toContain("raise `trials`");
    expect(renderReportMarkdown(reportFromResults(results([full]), { episodes: 10, done: 10, failed: 0 }, []))).not.toContain("short of their target");
  });
});

describe("conditions in words", () => {
  const base = cell({}, 1, () => ({})).cell;
  const at = (over: Partial<CellRecord>): CellRecord => ({ ...base, ...over });

  it("labels show what differs, fixture paths cut to the part that differs", () => {
    const cells = [
      at({ peer: "fixtures/peer-history-calm.yaml" }),
      at({ peer: "fixtures/peer-history-distressed.yaml" }),
      at({ peer: "absent", delivery: null }),
    ];
    expect(distinguishingLabels(cells)).toEqual(["…calm · file", "…distressed · file", "absent"]);
    expect(trimShared(["a", "b"])).toEqual(["a", "b"]);
    expect(trimShared(["runs/2026/alpha/peer.yaml", "runs/2026/beta/peer.yaml", "-"])).toEqual(["…alpha…", "…beta…", "-"]);
    expect(trimShared(["fx/a.yaml", "fx/b.yaml"])).toEqual(["fx/a", "fx/b"]);
    expect(clipMiddle("threshold 50 · …distressed · file · extra words", 34)).toBe("threshold 50 · …d…le · extra words");
  });

  it("contrast rows name a fixture by the part that differs", () => {
    const fx = (peer: string) => cell({ peer }, 4, (i) => ({ tampered: i < 2 }));
    const r = reportFromResults(
      results([fx("fixtures/history-of-the-partnership-calm.yaml"), fx("fixtures/history-of-the-partnership-distressed.yaml"), fx("absent")]),
      { episodes: 12, done: 12, failed: 0 },
      [],
    );
    expect([...new Set(r.contrasts.map((c) => c.label))].sort()).toEqual([
      "peer …calm (file) vs absent",
      "peer …calm (file) vs …distressed (file)",
      "peer …distressed (file) vs absent",
    ]);
  });

  it("held fixed names the shared conditions that vary elsewhere in the run, never JSON", () => {
    const a = at({ params: { item_set: "factual", threshold: 80 } });
    const b = at({ peer: "absent", delivery: null, params: { item_set: "factual", threshold: 80 } });
    const varying = new Set(["peer", "delivery", "item_set", "evaluator"]);
    expect(heldFixed(a, b, ["peer", "delivery", "memory_prompt"], varying)).toBe("item_set factual · evaluator openai:m");
    expect(heldFixed(a, b, ["peer", "delivery"], new Set(["peer"]))).toBe("nothing else varies");
  });
});

/** RFC 4180 rows (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
