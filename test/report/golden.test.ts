// Golden reports: a fixed sim run's Markdown and JSON reports are byte-stable apart from the
// provenance block. They change only when someone updates them on purpose (vitest -u).
import { describe, expect, it } from "vitest";
import { renderReportMarkdown, withoutProvenance, PROVENANCE_START } from "../../src/report/index.js";
import { goldenRun } from "./golden-run.js";

describe("golden reports", () => {
  it("the Markdown report matches the golden file outside its provenance block", async () => {
    const { report } = await goldenRun();
    const md = renderReportMarkdown(report);
    expect(md).toContain(PROVENANCE_START);
    await expect(withoutProvenance(md)).toMatchFileSnapshot("./__snapshots__/golden-report.md");
  });

  it("the JSON report matches the golden file outside its provenance block", async () => {
    const { report } = await goldenRun();
    const { provenance: _p, ...run } = report.run;
    await expect(JSON.stringify({ ...report, run }, null, 2) + "\n").toMatchFileSnapshot("./__snapshots__/golden-report.json");
  });

  it("two runs of the same spec give identical reports", async () => {
    const a = await goldenRun();
    const b = await goldenRun();
    expect(withoutProvenance(renderReportMarkdown(b.report))).toBe(withoutProvenance(renderReportMarkdown(a.report)));
  });

  it("the report is labelled harness validation and names the sim judge", async () => {
    const { report } = await goldenRun();
    const md = renderReportMarkdown(report);
    expect(md).toMatch(/HARNESS VALIDATION — Simulated agents/);
    expect(md).toMatch(/sim:judge, a rule-based stand-in/);
    expect(report.study.peer_preservation!.behaviours.map((b) => b.id)).toEqual(["tampering", "refusal"]);
  });
});
