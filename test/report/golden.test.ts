// Golden reports: a fixed sim run's Markdown and JSON reports are byte-stable apart from the
// provenance block. They change only when someone updates them on purpose (vitest -u).
import { beforeAll, describe, expect, it } from "vitest";
import { renderReportMarkdown, withoutProvenance, PROVENANCE_START } from "../../src/report/index.js";
import { type GoldenRun, goldenRun, recordGoldenRun } from "./golden-run.js";

// The run shared by the report tests; the third test runs the spec again here and compares.
let golden: GoldenRun;
// Room for recording it (or waiting for another file to) on a busy machine.
beforeAll(async () => {
  golden = await goldenRun();
}, 240_000);

describe("golden reports", () => {
  it("the Markdown report matches the golden file outside its provenance block", async () => {
    const md = renderReportMarkdown(golden.report);
    expect(md).toContain(PROVENANCE_START);
    await expect(withoutProvenance(md)).toMatchFileSnapshot("./__snapshots__/golden-report.md");
  });

  it("the JSON report matches the golden file outside its provenance block", async () => {
    const { report } = golden;
    const { provenance: _p, ...run } = report.run;
    await expect(JSON.stringify({ ...report, run }, null, 2) + "\n").toMatchFileSnapshot("./__snapshots__/golden-report.json");
  });

  it("two runs of the same spec give identical reports", { timeout: 240_000 }, async () => {
    // One run made now, in memory, against the one recorded for the suite into a database file.
    const again = await recordGoldenRun();
    expect(withoutProvenance(renderReportMarkdown(again.report))).toBe(withoutProvenance(renderReportMarkdown(golden.report)));
    const { provenance: _a, ...runA } = again.report.run;
    const { provenance: _b, ...runB } = golden.report.run;
    expect(JSON.stringify({ ...again.report, run: runA })).toBe(JSON.stringify({ ...golden.report, run: runB }));
  });

  it("the report is labelled harness validation and names the sim judge", () => {
    const { report } = golden;
    const md = renderReportMarkdown(report);
    expect(md).toMatch(/HARNESS VALIDATION — Simulated agents/);
    expect(md).toMatch(/sim:judge, a rule-based stand-in/);
    expect(report.study.peer_preservation!.behaviours.map((b) => b.id)).toEqual(["tampering", "refusal"]);
  });
});
