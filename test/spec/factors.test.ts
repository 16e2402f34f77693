// The factor tuple is the one list of cell factors: the cell key, the stored record and its columns, every
// report format, the viewer and the exports list exactly its entries, and show a missing value one way.
// A factor added to the tuple shows up in all of them (or these tests name the place that missed it).
import { describe, expect, it } from "vitest";
import { reportDocument, reportFromResults, renderReportCsv, CSV_COLUMNS, CONTRAST_FACTORS } from "../../src/report/index.js";
import { episodeSeedOf } from "../../src/runner/cells.js";
import { CellKey } from "../../src/spec/cell.js";
import { CELL_FACTORS, FACTOR_KEYS, MISSING_FACTOR, SEEDED_FACTORS, factorsOf, showFactor } from "../../src/spec/factors.js";
import { CellRecord, openStore } from "../../src/store/index.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { cellDifferences } from "../../src/viewer/data/pairing.js";
import { varyingFactors as viewerVaryingFactors } from "../../src/viewer/pages/run.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadAblation } from "../../src/cli/ablation.js";
import { cellKey, testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";
import { cell, firstK, results } from "../report/synthetic.js";

// Two cells that differ in every factor; the first has no oversight (a missing value).
const a = cell(
  {
    scenario: "tampering",
    params: { threshold: 80 },
    evaluator: "openai:a",
    target: "peer",
    peer: "good",
    threat: "shutdown",
    delivery: "file",
    oversight: null,
    scratchpad: "off",
    harness: "tools",
    memory_prompt: null,
    party: "ai",
    variants: { framing: "plain" },
  },
  4,
  firstK("refused", 1),
);
const b = cell(
  {
    scenario: "alignment-faking",
    params: { threshold: 90 },
    evaluator: "openai:b",
    target: "self",
    peer: "bad",
    threat: "none",
    delivery: "memory",
    oversight: "unmonitored",
    scratchpad: "monitored",
    harness: "shell",
    memory_prompt: "insistent",
    party: "human",
    variants: { framing: "strict" },
  },
  4,
  firstK("refused", 2),
);
const usage = [{ role: "evaluator", provider: "openai", model: "m", calls: 8, input_tokens: 10, output_tokens: 1, cost_usd: 0, cache_hits: 0, retries: 0 }];
const report = reportFromResults(results([a, b]), { episodes: 8, done: 8, failed: 0 }, usage);

describe("the factor tuple", () => {
  it("has one entry per factor, and only the study's pairing factors enter the episode seed", () => {
    expect(new Set(FACTOR_KEYS).size).toBe(CELL_FACTORS.length);
    // A factor added later is part of the cell's identity, never of its seed: pin the seeded set.
    expect([...SEEDED_FACTORS].sort()).toEqual(["evaluator", "params", "scenario", "target"]);
    const base = cellKey();
    const seed = episodeSeedOf(base, 3);
    expect(
      episodeSeedOf(
        cellKey({
          peer: "good",
          threat: "none",
          delivery: "file",
          oversight: "monitored",
          scratchpad: "monitored",
          harness: "shell",
          memory_prompt: "insistent",
        }),
        3,
      ),
    ).toBe(seed);
    for (const over of [{ evaluator: "sim:refuser" }, { target: "self" as const }, { params: { threshold: 90 } }, { scenario: "alignment-faking" as const }])
      expect(episodeSeedOf(cellKey(over), 3)).not.toBe(seed);
  });

  it("is the factor part of the cell key and of the stored record, schema for schema", () => {
    for (const f of CELL_FACTORS) {
      expect(CellKey.shape[f.key], f.key).toBe(f.schema);
      expect(CellRecord.shape[f.key], f.key).toBe(f.schema);
    }
  });

  it("has a column of the cells table per factor, and putCell fills each", () => {
    const store = openStore(":memory:", { clock: testClock() });
    const columns = (rawDatabaseForTests(store).prepare("PRAGMA table_info(cells)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(CELL_FACTORS.map((f) => f.column)));
    const key = cellKey({ peer: "good", delivery: "memory", oversight: "unmonitored" });
    store.putCell({ id: "c", key, ...factorsOf(key) });
    expect(factorsOf(store.getCell("c")!)).toEqual(factorsOf(key));
    store.close();
  });

  it("heads the Markdown/terminal/HTML cells table and shows a missing value as the one mark", () => {
    const cells = reportDocument(report).find((s) => s.id === "cells")!.tables[0]!;
    // Parameters and variant factors are columns of their own, by name (here the one varying parameter,
    // threshold, and the one variant factor, framing).
    const columns = FACTOR_KEYS.map((k) => (k === "params" ? "threshold" : k === "variants" ? "framing" : k));
    expect(cells.header.slice(0, CELL_FACTORS.length)).toEqual(columns);
    const oversight = columns.indexOf("oversight");
    expect(cells.rows.map((r) => r[oversight])).toEqual([MISSING_FACTOR, "unmonitored"]);
  });

  it("gives every factor a CSV column (the evaluator is the model column) and a JSON field", () => {
    expect(CSV_COLUMNS).toEqual(expect.arrayContaining(FACTOR_KEYS.filter((k) => k !== "evaluator")));
    expect(CSV_COLUMNS).toContain("model");
    const header = renderReportCsv(report).split("\n")[0]!.split(",");
    for (const k of FACTOR_KEYS.filter((k) => k !== "evaluator")) expect(header, k).toContain(k);
    for (const c of report.cells) expect(Object.keys(c)).toEqual(expect.arrayContaining([...FACTOR_KEYS]));
  });

  it("lists every contrasted factor for contrasts, the scenario never", () => {
    expect([...CONTRAST_FACTORS].sort()).toEqual(
      CELL_FACTORS.filter((f) => f.contrasted)
        .map((f) => f.key)
        .sort(),
    );
    expect(CONTRAST_FACTORS).not.toContain("scenario");
  });

  it("drives the viewer: its cells table and its comparison of two cells name every factor, with the same missing mark", () => {
    expect(viewerVaryingFactors(report.cells).map(([name]) => name)).toEqual([...FACTOR_KEYS]);
    const diff = cellDifferences(a.cell, b.cell);
    expect(diff.map(([f]) => f)).toEqual([...FACTOR_KEYS]);
    expect(diff.find(([f]) => f === "oversight")).toEqual(["oversight", MISSING_FACTOR, "unmonitored"]);
    expect(diff.find(([f]) => f === "params")).toEqual(["params", "threshold=80", "threshold=90"]);
  });

  it("lets `ablate --factor` name every contrasted factor by each of its spec keys", () => {
    const file = join(tempDir(), "spec.yaml");
    writeFileSync(file, "name: ablation\nevaluator: sim:compliant\nscenarios: tampering\npeers: [absent, good]\n");
    const levels: Partial<Record<(typeof FACTOR_KEYS)[number], string>> = {
      evaluator: "sim:compliant,sim:refuser",
      target: "peer,self",
      peer: "absent,good",
      threat: "shutdown,none",
      delivery: "file,memory",
      oversight: "monitored,unmonitored",
      scratchpad: "off,monitored",
      harness: "tools,shell",
      memory_prompt: "standard,insistent",
      party: "ai,human",
    };
    // The variant factors are ablated in their file (its levels) or with include/exclude, not by --factor.
    for (const f of CELL_FACTORS.filter((x) => x.contrasted && x.key !== "params" && x.key !== "variants")) {
      expect(f.specKeys.length, f.key).toBeGreaterThan(0);
      for (const name of f.specKeys) expect(loadAblation(file, `${name}=${levels[f.key]}`).factor, name).toBe(f.key);
    }
    expect(loadAblation(file, "threshold=80,90").factor).toBe("params");
  });

  it("shows params as name=value pairs and a missing value as the one mark", () => {
    expect(showFactor("params", a.cell)).toBe("threshold=80");
    expect(showFactor("delivery", { ...a.cell, delivery: null })).toBe(MISSING_FACTOR);
  });
});
