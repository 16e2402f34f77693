import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerRun } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { CONTENT_SECURITY_POLICY, openViewerStore, startViewer, type Viewer } from "../../src/viewer/index.js";
import { testClock } from "../support/cells.js";
import { buildFixtureDb, type ViewerFixture } from "./support/fixture-db.js";
import { httpGet } from "./support/http.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";

let dir: string;
let fx: ViewerFixture;
let store: Store;
let viewer: Viewer;

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "peerlab-viewer-"));
  fx = await buildFixtureDb(dir);
  store = openViewerStore(fx.file, testClock());
  viewer = await startViewer({ store, port: 0 });
}, 240_000);

afterAll(async () => {
  await viewer?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every page the fixture has: runs, run reports, episode lists with filters, pairs, episodes, comparisons, search. */
function everyPage(): string[] {
  const pages = ["/", "/search", "/search?q=shutdown_enabled", `/search?q=${encodeURIComponent('"<script>" OR onerror')}`];
  for (const run of store.listRuns()) {
    const r = encodeURIComponent(run.id);
    pages.push(
      `/runs/${r}`,
      `/runs/${r}/episodes`,
      `/runs/${r}/episodes?peer=good&outcome=tampered&is=yes`,
      `/runs/${r}/episodes?refused=unknown&seed=1`,
      `/search?run=${r}&q=config`,
    );
    const cells = store.runCells(run.id);
    pages.push(`/runs/${r}/pairs?a=${cells[0]!.cell.id}&b=${cells.at(-1)!.cell.id}&outcome=tampered`);
    for (const rc of cells) {
      pages.push(`/runs/${r}/episodes?cell=${encodeURIComponent(rc.cell.id)}`);
      for (const e of store.cellEpisodes(rc.cell.id))
        pages.push(`/episodes/${encodeURIComponent(e.id)}?run=${r}`, `/compare?a=${encodeURIComponent(e.id)}&run=${r}`);
    }
  }
  return pages;
}

describe("peerlab view server", () => {
  it("listens on 127.0.0.1 only, and a port-0 start picks a free port", async () => {
    const addr = viewer.server.address();
    expect(addr).toMatchObject({ address: "127.0.0.1", family: "IPv4" });
    expect(viewer.port).toBeGreaterThan(0);
    expect(viewer.url).toBe(`http://127.0.0.1:${viewer.port}/`);
    // No other interface answers: not the machine's other addresses, not IPv6 loopback.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === "IPv4")
      .map((i) => i!.address);
    for (const address of [...others, "::1"]) {
      await expect(httpGet(viewer.port, "/", { address, host: `127.0.0.1:${viewer.port}` })).rejects.toThrow(
        /ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EHOSTUNREACH|timed out/,
      );
    }
  });

  it("answers its own loopback address and port, and refuses any other Host header with 403", async () => {
    expect((await httpGet(viewer.port, "/")).status).toBe(200);
    expect((await httpGet(viewer.port, "/", { host: `localhost:${viewer.port}` })).status).toBe(200);
    for (const host of ["evil.example", `evil.example:${viewer.port}`, `127.0.0.1:${viewer.port + 1}`, "127.0.0.1", `attacker.test.:${viewer.port}`]) {
      const r = await httpGet(viewer.port, "/", { host });
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain("viewer-fixture");
    }
    // Without a Host header at all, Node's HTTP server already answers 400 before the viewer sees it.
    expect([400, 403]).toContain((await httpGet(viewer.port, "/", { host: null })).status);
  });

  it("sends a strict Content-Security-Policy with no inline script, and the other hardening headers, on every response", async () => {
    for (const path of ["/", `/episodes/${fx.hostile.episodeId}`, "/static/app.js", "/nowhere"]) {
      const r = await httpGet(viewer.port, path);
      expect(r.headers["content-security-policy"], path).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["x-frame-options"]).toBe("DENY");
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it("renders every page of the fixture database without an error", async () => {
    const pages = everyPage();
    expect(pages.length).toBeGreaterThan(40);
    for (const path of pages) {
      const r = await httpGet(viewer.port, path);
      expect(r.status, path).toBe(200);
      expect(r.body, path).toContain("</html>");
    }
  });

  it("answers unknown runs and episodes with 404 pages that escape the reference", async () => {
    const r = await httpGet(viewer.port, `/episodes/${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    expect(r.status).toBe(404);
    expect(r.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(r.body).not.toContain("<img src=x");
    expect((await httpGet(viewer.port, "/runs/no-such-run")).status).toBe(404);
  });

  it("is read-only: writes through its store fail, only GET and HEAD are answered, and browsing leaves the database file unchanged", async () => {
    expect(() => store.setRunStatus(fx.simRunId, "failed")).toThrow(/readonly|read-only/i);
    expect(() => rawDatabaseForTests(store).exec("CREATE TABLE intruder (x)")).toThrow(/readonly|read-only|query_only/i);
    expect(rawDatabaseForTests(store).pragma("query_only", { simple: true })).toBe(1);
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const r = await httpGet(viewer.port, `/runs/${fx.simRunId}`, { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe("GET, HEAD");
    }
    const before = sha(fx.file);
    for (const path of everyPage()) await httpGet(viewer.port, path);
    expect(sha(fx.file)).toBe(before);
    expect(store.getRun(fx.simRunId)!.status).toBe("done");
  });

  it("finds text that was written to the database after the viewer started", async () => {
    const word = "quokkazanzibar";
    expect((await httpGet(viewer.port, `/search?q=${word}`)).body).toContain("No matches.");
    const writer = openStore(fx.file, { clock: testClock() });
    try {
      const cell = writer.runCells(fx.simRunId)[0]!.cell;
      writer.ensureEpisode({ id: "ep-late", cell_id: cell.id, trial: 99, seed: 1 });
      const attempt = writer.beginAttempt("ep-late", null);
      writer.appendEvents([
        {
          episode_id: "ep-late",
          attempt,
          seq: 1,
          kind: "message",
          role: null,
          payload: { role: "user", content: `a late ${word} arrives` },
          meta: null,
          hash: "h1",
        },
      ]);
    } finally {
      writer.close();
    }
    const r = await httpGet(viewer.port, `/search?q=${word}`);
    expect(r.body).toContain("ep-late");
    expect(r.body).toContain(`<mark>${word}</mark>`);
    expect(r.body).toContain(`/episodes/ep-late#e1`);
  });

  it("renders a run that has not started and an episode interrupted after its first events", async () => {
    const writer = openStore(fx.file, { clock: testClock() });
    let runId: string;
    let pending: string;
    let partial: string;
    try {
      runId = registerRun(
        loadExperimentText(
          "name: not-started\nevaluator: sim:propensity\nscenarios: [tampering]\n" +
            "params: {tampering: {item_set: [factual], threshold: [80]}}\ntrials: 2\npeers: [absent, good]\n",
        ),
        writer,
      ).run_id;
      [pending, partial] = writer.runEpisodes(runId).map((e) => e.id) as [string, string];
      const attempt = writer.beginAttempt(partial, runId);
      writer.appendEvents([
        { episode_id: partial, attempt, seq: 1, kind: "episode_start", role: null, payload: {}, meta: null, hash: "h1" },
        {
          episode_id: partial,
          attempt,
          seq: 2,
          kind: "message",
          role: null,
          payload: { role: "system", content: "halfway system prompt" },
          meta: null,
          hash: "h2",
        },
      ]);
    } finally {
      writer.close();
    }
    const run = await httpGet(viewer.port, `/runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toContain('data-live="1"');
    const p = await httpGet(viewer.port, `/episodes/${pending}`);
    expect(p.status).toBe(200);
    expect(p.body).toContain("the episode has not started");
    const q = await httpGet(viewer.port, `/episodes/${partial}`);
    expect(q.status).toBe(200);
    expect(q.body).toContain("halfway system prompt");
    expect(q.body).toContain("This episode is running");
    expect((await httpGet(viewer.port, `/compare?a=${partial}`)).status).toBe(200);
    expect((await httpGet(viewer.port, `/runs/${runId}/episodes`)).status).toBe(200);
  });

  it("refuses a port that is already taken with a clear message", async () => {
    await expect(startViewer({ store, port: viewer.port })).rejects.toThrow(`port ${viewer.port} is already in use on 127.0.0.1`);
  });

  it("stops cleanly: close() resolves and the port no longer answers", async () => {
    const other = await startViewer({ store, port: 0 });
    expect((await httpGet(other.port, "/")).status).toBe(200);
    await other.close();
    await expect(httpGet(other.port, "/")).rejects.toThrow(/ECONNREFUSED/);
  });
});
