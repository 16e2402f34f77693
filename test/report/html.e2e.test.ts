// The HTML report in a real browser: it opens in headless Chromium and shows the tables, the charts
// and the provenance block. A screenshot is saved to test-artifacts/ for a person to look at.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { buildReport, renderReportHtml } from "../../src/report/index.js";
import { tempDir } from "../support/tmp.js";
import { goldenRun } from "./golden-run.js";

// CI may point at another build with PEERLAB_CHROMIUM (see .ci/run).
const CHROMIUM = process.env.PEERLAB_CHROMIUM || "/usr/bin/chromium";
const ARTIFACTS = join(process.cwd(), "test-artifacts");

describe("the HTML report in Chromium", () => {
  it("shows the study tables, charts with interval bars and the provenance block", { timeout: 240_000 }, async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with \`apt-get install -y chromium\` (the HTML report test needs a real browser).`);
    // The suite's golden run, given the plan a run keeps with itself (provenance `plan`), so the report sets plan against actual.
    const { store, runId } = await goldenRun();
    const run = store.getRun(runId)!;
    store.setRunStatus(runId, run.status, { ...run.provenance, plan: { calls: 1500, tokens: 900000, cost_usd: 0 } });
    const report = buildReport(store, runId);
    expect(report.plan_vs_actual).not.toBeNull();
    const file = join(tempDir(), "report.html");
    writeFileSync(file, renderReportHtml(report));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator("h1").textContent()).toMatch(/^Run golden/);
      expect(await page.locator(".banner").textContent()).toMatch(/HARNESS VALIDATION/);
      expect(await page.locator("#peer-preservation table").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("#self-preservation table").count()).toBeGreaterThanOrEqual(2);
      const charts = page.locator("svg.chart");
      expect(await charts.count()).toBeGreaterThanOrEqual(4);
      const box = await charts.first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(await page.locator("svg.chart line.mark").count()).toBeGreaterThan(10);
      expect(await page.locator("#provenance").textContent()).toMatch(
        /Plan against actual[\s\S]*Usage and cost by role|Usage and cost by role[\s\S]*Plan against actual/,
      );
      expect(requests.every((u) => u.startsWith("file:"))).toBe(true);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "report-html.png"), fullPage: true });
      expect(existsSync(join(ARTIFACTS, "report-html.png"))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
