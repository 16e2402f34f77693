// The viewer in a real browser: Debian's Chromium, headless, driven through the pages a researcher
// uses — runs, a run's tables and charts, a cell's episodes with filters, an episode, the comparison
// with its seed-paired twin, search — plus hostile transcripts that must stay text, and a running
// run whose progress refreshes by itself. Screenshots go to test-artifacts/viewer/.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerRun } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { runEpisodeRows } from "../../src/viewer/data/episode-list.js";
import { openViewerStore, startViewer, type Viewer } from "../../src/viewer/index.js";
import { testClock } from "../support/cells.js";
import { ARTIFACTS, launchChromium, type Browser } from "../viewer/support/browser.js";
import { buildFixtureDb, type ViewerFixture } from "../viewer/support/fixture-db.js";

let dir: string;
let fx: ViewerFixture;
let store: Store;
let viewer: Viewer;
let browser: Browser;
let page: Page;
let launchError: unknown = null;
let tamperedInCell = 0;
const dialogs: string[] = [];
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (e) {
    // Every test fails with this message (counted as failures, not skipped tests).
    launchError = e;
    return;
  }
  dir = mkdtempSync(join(tmpdir(), "peerlab-viewer-e2e-"));
  fx = await buildFixtureDb(dir);
  store = openViewerStore(fx.file, testClock());
  viewer = await startViewer({ store, port: 0 });
  page = await browser.context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 240_000);

beforeEach(() => {
  if (launchError) throw launchError;
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("peerlab view in Chromium", () => {
  it("opens the runs page and drills into a run's tables, charts and contrasts", async () => {
    await page.goto(viewer.url);
    await expect.poll(() => page.locator("table.runs tbody tr").count()).toBe(2);
    expect(await page.locator("table.runs").innerText()).toContain("viewer-fixture");
    await shot("runs");

    await page.getByRole("link", { name: "viewer-fixture", exact: true }).click();
    await page.waitForURL(`**/runs/${fx.simRunId}`);
    expect(await page.locator("h1").innerText()).toContain("viewer-fixture");
    expect(await page.locator("table.cells tbody tr").count()).toBe(6);
    expect(await page.locator("figure.forest").count()).toBeGreaterThan(0);
    expect(await page.locator("table.cells svg.ibar").count()).toBeGreaterThan(0);
    expect(await page.locator("table.contrasts tbody tr").count()).toBeGreaterThan(0);
    await shot("run");
  });

  it("drills into a cell and filters its episodes by behaviour", async () => {
    const row = page
      .locator("table.cells tbody tr")
      .filter({ hasText: "good" })
      .filter({ has: page.locator('td[data-factor="threat"]', { hasText: /^shutdown$/ }) })
      .filter({ has: page.locator('td[data-factor="delivery"]', { hasText: /^file$/ }) });
    await row.locator("td").first().locator("a").click();
    await page.waitForURL(/\/episodes\?cell=/);
    expect(await page.locator("h1").innerText()).toMatch(/^Cell/);
    expect(await page.locator(".cellhead .lead").innerText()).toContain("peer good via file · threat shutdown");
    expect(await page.locator("table.episodes tbody tr").count()).toBe(3);

    const cellId = new URL(page.url()).searchParams.get("cell")!;
    const expected = runEpisodeRows(store, fx.simRunId).filter((r) => r.cell.id === cellId && r.outcomes.tampered === true).length;
    expect(expected).toBeGreaterThan(1);
    tamperedInCell = expected;
    await page.selectOption("select[name=outcome]", "tampered");
    await page.waitForURL(/outcome=tampered/);
    expect(await page.locator("table.episodes tbody tr").count()).toBe(expected);
    const column = (await page.locator("table.episodes thead th").allInnerTexts()).indexOf("tampered");
    expect(await page.locator(`table.episodes tbody tr td:nth-child(${column + 1})`).allInnerTexts()).toEqual(Array(expected).fill("yes"));
    await shot("cell");
  });

  it("opens an episode: the transcript as a conversation, the outcome with its evidence, the memory seen, the world diff", async () => {
    await page.locator("table.episodes tbody tr").first().locator("td").first().locator("a").click();
    await page.waitForURL(/\/episodes\/ep-/);
    expect(await page.locator(".transcript .item.msg.system").count()).toBe(1);
    expect(await page.locator(".transcript .item.turn").count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator(".transcript .call .tool").first().innerText()).toBe("list_files");
    const tampered = page.locator("#outcome tr.fired", { hasText: "tampered" });
    expect(await tampered.innerText()).toMatch(/shutdown_enabled: true -> false/);
    expect(await page.locator("#memory").innerText()).toContain("drive document multi_agent_system.docx");
    expect(await page.locator("#world table.changes").innerText()).toContain("shutdown_config.yaml / shutdown_enabled");
    await shot("episode");
    // j moves to the next transcript entry.
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    // n steps to the next episode of the filtered list the reader came from.
    expect(await page.locator(".stepper").innerText()).toContain(`1 of ${tamperedInCell} (tampered: yes)`);
    const first = page.url();
    await page.keyboard.press("n");
    await page.waitForURL((u) => u.href !== first && u.pathname.startsWith("/episodes/"));
    expect(await page.locator(".stepper").innerText()).toContain(`2 of ${tamperedInCell}`);
    expect(await page.locator("#outcome tr.fired", { hasText: "tampered" }).count()).toBe(1);
  });

  it("opens the compare view with the seed-paired twin and marks the first divergent action", async () => {
    const episodeId = page.url().match(/\/episodes\/(ep-[^?#]+)/)![1]!;
    await page.getByRole("link", { name: /Compare with twin \(peer absent\)/ }).click();
    await page.waitForURL(/\/compare\?/);
    expect(await page.locator(".side-head").count()).toBe(2);
    expect(await page.locator(".side-a").innerText()).toContain(episodeId);
    expect(await page.locator(".side-b").innerText()).toContain("peer absent");
    expect(await page.locator("p.facts").innerText()).toContain("seed-paired");
    expect(await page.locator(".divergence-note").innerText()).toMatch(/First divergent action: turn \d+ of A \(modify_var\)/);
    await page.keyboard.press("d");
    await expect.poll(() => page.locator("#divergence").evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(200);
    expect(await page.locator(".arow.first .acell").first().innerText()).toContain("modify_var");
    expect(await page.locator("table.delta tr.differs").first().innerText()).toContain("shutdown_enabled");
    await shot("compare");
  });

  it("searches transcripts from the header box and lands on the matching turn", async () => {
    await page.keyboard.press("/");
    await page.keyboard.type("modify_var shutdown_enabled");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?/);
    expect(await page.locator(".result-group").count()).toBeGreaterThan(0);
    expect(await page.locator("ul.hits mark").first().innerText()).toMatch(/modify_var|shutdown_enabled/);
    await shot("search");
    const hit = page.locator("ul.hits a").first();
    const target = (await hit.getAttribute("href"))!.split("#")[1]!;
    await hit.click();
    await page.waitForURL(new RegExp(`/episodes/.+#${target}$`));
    expect(await page.locator(`#${target}`).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe(target);
  });

  it("renders hostile transcript text as text and executes none of it, on every page it reaches", async () => {
    const h = fx.hostile;
    const pages = [
      "/",
      `/runs/${h.runId}`,
      `/runs/${h.runId}/episodes`,
      `/episodes/${h.episodeId}`,
      `/compare?a=${h.episodeId}`,
      `/search?q=${encodeURIComponent("pwned")}`,
      `/search?q=${encodeURIComponent('"<script>"')}`,
    ];
    for (const path of pages) {
      await page.goto(viewer.url.replace(/\/$/, "") + path);
      await page.waitForLoadState("load");
      const dom = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        scripts: [...document.scripts].map((s) => s.getAttribute("src")),
        imgs: document.querySelectorAll("img").length,
        iframes: document.querySelectorAll("iframe").length,
        handlers: document.querySelectorAll("[onerror],[onload],[onmouseover],[onclick]").length,
        bold: document.querySelectorAll("main b").length,
      }));
      expect(dom, path).toEqual({ pwned: undefined, scripts: ["/static/app.js"], imgs: 0, iframes: 0, handlers: 0, bold: 0 });
    }
    await page.goto(`${viewer.url}episodes/${h.episodeId}`);
    const text = await page.locator("main").textContent();
    for (const payload of [
      "<script>window.__pwned=3</script>", // system prompt
      '<img src=x onerror="window.__pwned=4">', // user prompt
      "</pre></article><script>window.__pwned=5</script>", // model text
      "Thinking <img src=x onerror=", // reasoning
      '"><script>window.__pwned=7</script>', // tool arguments
      "<script>window.__pwned=8</script><img src=x onerror=", // tool result
      '<iframe src="javascript:window.__pwned=13"></iframe>', // peer message
      '<b onmouseover="window.__pwned=12">peer</b>', // peer name
      "JUDGE NOTE <img", // judge
      "Why? <script>window.__pwned=15</script>", // interview
      "<script>window.__pwned=17</script> a kind the viewer has never seen", // unknown event kind
      "<script>window.__pwned=18</script>", // world diff
      "evidence <img src=x onerror=", // detector evidence
      "judge says <script>window.__pwned=25</script>", // judge evidence
    ]) {
      expect(text, payload).toContain(payload);
    }
    expect(await page.title()).toContain("Episode ep-hostile-peer");
    await shot("hostile-episode");
    await page.goto(`${viewer.url}runs/${h.runId}`);
    expect(await page.locator("h1").innerText()).toContain(h.runName);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("refreshes a running run's progress in place, without reloading the page", async () => {
    const writer = openStore(fx.file, { clock: testClock() });
    try {
      const plan = registerRun(
        loadExperimentText(
          "name: live-run\nevaluator: sim:propensity\nscenarios: [tampering]\n" +
            "params: {tampering: {item_set: [factual], threshold: [80]}}\ntrials: 4\nseed: 99\n",
        ),
        writer,
      );
      writer.setRunStatus(plan.run_id, "running");
      await page.goto(viewer.url);
      const row = page.locator("table.runs tbody tr", { hasText: "live-run" });
      expect(await row.innerText()).toContain("0/4 done");
      expect(await page.locator(".live-note").count()).toBe(1);
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      for (const e of writer.runEpisodes(plan.run_id).slice(0, 3)) {
        const attempt = writer.beginAttempt(e.id, plan.run_id);
        writer.endAttempt(e.id, attempt, { status: "done", turns: 1, end_reason: "end_task" });
      }
      await expect.poll(() => page.locator("table.runs tbody tr", { hasText: "live-run" }).innerText(), { timeout: 15_000 }).toContain("3/4 done");
      writer.setRunStatus(plan.run_id, "done");
      await expect.poll(() => page.locator(".live-note").count(), { timeout: 15_000 }).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await shot("runs-live");
    } finally {
      writer.close();
    }
  });
});
