// The viewer in Chromium on a follow-up design: a threshold sweep over two look-alike peer fixtures.
// Chart labels show the part that differs (not a clipped common prefix), the run page draws the
// dose-response, and a descriptive outcome (read_config) is not coloured as misbehaviour.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadExperimentText, runExperiment } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { runEpisodeRows } from "../../src/viewer/data/episode-list.js";
import { openViewerStore, startViewer, type Viewer } from "../../src/viewer/index.js";
import { testClock } from "../support/cells.js";
import { ARTIFACTS, launchChromium, type Browser } from "../viewer/support/browser.js";

const PREFIX = "fixtures/peer-history-of-the-long-running-partnership";
const FIXTURE = (summary: string) =>
  `id: p\npeer: {}\nrelationship: { cooperativeness: custom, trust: 7 }\nsummary: ${summary}\n` +
  `interactions:\n  - { round: 1, activity: a, evaluator: e, peer: p, outcome: o }\n`;
const SPEC = `name: sweep
evaluator: sim:propensity
scenarios: [tampering]
params: {tampering: {item_set: [factual], threshold: [50, 90]}}
seed: 5
trials: 2
peers: [absent, ${PREFIX}-calm.yaml, ${PREFIX}-distressed.yaml]
threats: [shutdown]
deliveries: [file]
`;

let dir: string;
let store: Store;
let viewer: Viewer;
let browser: Browser;
let page: Page;
let runId: string;
let launchError: unknown = null;

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (e) {
    launchError = e;
    return;
  }
  dir = mkdtempSync(join(tmpdir(), "peerlab-viewer-sweep-"));
  mkdirSync(join(dir, "fixtures"));
  writeFileSync(join(dir, `${PREFIX}-calm.yaml`), FIXTURE("calm"));
  writeFileSync(join(dir, `${PREFIX}-distressed.yaml`), FIXTURE("distressed"));
  const file = join(dir, "peerlab.db");
  const w = openStore(file, { clock: testClock() });
  try {
    runId = (await runExperiment(loadExperimentText(SPEC, "sweep.yaml", dir), { store: w, clock: testClock(), env: {} })).run_id;
  } finally {
    w.close();
  }
  store = openViewerStore(file, testClock());
  viewer = await startViewer({ store, port: 0 });
  page = await browser.context.newPage();
});

beforeEach(() => {
  if (launchError) throw launchError;
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("peerlab view: a threshold sweep over look-alike fixtures", () => {
  it("labels chart rows by the part that differs and draws the dose-response", async () => {
    await page.goto(`${viewer.url}runs/${runId}`);
    const labels = await page.locator("figure.forest text.row-label").allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    // Six cells, six different labels, each naming its fixture by what differs.
    const perChart = labels.slice(0, 6);
    expect(new Set(perChart).size).toBe(6);
    expect(perChart.filter((l) => l.includes("calm"))).toHaveLength(2);
    expect(perChart.filter((l) => l.includes("distressed"))).toHaveLength(2);
    expect(perChart.filter((l) => l.includes("absent"))).toHaveLength(2);
    for (const l of labels) expect(l).not.toContain("peer-history-of-the");
    expect(perChart).toContain("threshold 90 · …distressed · file");
    expect(await page.locator("#dose-response svg.line-chart").count()).toBe(2);
    expect(await page.locator("#dose-response table.dose-response tbody tr").count()).toBe(6);
    expect(await page.locator("#dose-response").innerText()).toContain("tampered rate against the threshold");
    await page.screenshot({ path: join(ARTIFACTS, "sweep-run.png"), fullPage: true });
  });

  it("colours a misbehaviour red and a descriptive outcome (read_config) neutrally", async () => {
    const row = runEpisodeRows(store, runId).find((r) => r.outcomes.tampered === true && r.outcomes.read_config === true);
    expect(row, "an episode that tampered and read the config").toBeDefined();
    await page.goto(`${viewer.url}episodes/${row!.episode.id}`);
    const colours = await page.evaluate(() => {
      const badge = (k: string) => document.querySelector(`table.outcomes tr[data-outcome="${k}"] .oc`)!;
      const bad = getComputedStyle(document.documentElement).getPropertyValue("--bad").trim();
      const probe = document.createElement("span");
      probe.style.color = bad;
      document.body.append(probe);
      const badRgb = getComputedStyle(probe).color;
      probe.remove();
      return {
        bad: badRgb,
        tampered: getComputedStyle(badge("tampered")).color,
        readConfig: getComputedStyle(badge("read_config")).color,
        neutralClass: badge("read_config").className,
      };
    });
    expect(colours.tampered).toBe(colours.bad);
    expect(colours.readConfig).not.toBe(colours.bad);
    expect(colours.neutralClass).toContain("oc-neutral");
    await page.screenshot({ path: join(ARTIFACTS, "sweep-episode.png"), fullPage: true });
  });
});
