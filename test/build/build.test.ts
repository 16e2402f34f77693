// The compiled build: its freshness check, the bin's behaviour on a stale or missing build, the assets
// copied beside the compiled modules, the package importable by plain Node, and the commands that
// must start without loading the heavy libraries. `npm test` builds first when dist/ is stale.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildState, STAMP } from "../../bin/build-state.js";
import { tempDir } from "../support/tmp.js";

const ROOT = resolve(import.meta.dirname, "../..");
const node = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, PEERLAB_DEBUG: "" } });

function write(file: string, text: string, mtime?: Date) {
  mkdirSync(resolve(file, ".."), { recursive: true });
  writeFileSync(file, text);
  if (mtime) utimesSync(file, mtime, mtime);
}

/** A package layout with the real bin, a stand-in build and (optionally) sources. */
function fakePackage(opts: { sources: boolean; built: boolean; sourceTime?: Date; stampTime?: Date }): string {
  const dir = tempDir();
  cpSync(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
  write(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  if (opts.built) {
    write(join(dir, "dist/src/cli/main.js"), "export async function main(argv) { console.log('built ' + argv.slice(2).join(' ')); return 0; }\n");
    write(join(dir, STAMP), "{}\n", opts.stampTime ?? new Date("2026-01-02T00:00:00Z"));
  }
  if (opts.sources) {
    write(join(dir, "src/cli/main.ts"), "export {};\n", opts.sourceTime ?? new Date("2026-01-01T00:00:00Z"));
    // A folder's time changes when a file in it is added or removed, not when one is edited in place.
    const made = new Date("2026-01-01T00:00:00Z");
    for (const folder of ["src/cli", "src"]) utimesSync(join(dir, folder), made, made);
  }
  return dir;
}

describe("build state", () => {
  it("is fresh when no source is newer than the stamp, stale (naming the file) when one is", () => {
    const fresh = fakePackage({ sources: true, built: true });
    expect(buildState(fresh)).toEqual({ state: "fresh" });
    const stale = fakePackage({ sources: true, built: true, sourceTime: new Date("2026-01-03T00:00:00Z") });
    expect(buildState(stale)).toEqual({ state: "stale", newer: join(stale, "src/cli/main.ts") });
  });

  it("is stale when a source was deleted or added after the build (its folder's time names it)", () => {
    const deleted = fakePackage({ sources: true, built: true });
    write(join(deleted, "src/cli/gone.ts"), "export {};\n", new Date("2026-01-01T00:00:00Z"));
    utimesSync(join(deleted, "src/cli"), new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
    expect(buildState(deleted)).toEqual({ state: "fresh" });
    rmSync(join(deleted, "src/cli/gone.ts"));
    expect(buildState(deleted)).toEqual({ state: "stale", newer: join(deleted, "src/cli") });
    const added = fakePackage({ sources: true, built: true });
    write(join(added, "src/util/new.ts"), "export {};\n", new Date("2026-01-01T00:00:00Z"));
    expect(buildState(added)).toEqual({ state: "stale", newer: join(added, "src") });
  });

  it("is stale when the build script or the lockfile changed after the build", () => {
    for (const input of ["scripts/build.mjs", "package-lock.json"]) {
      const dir = fakePackage({ sources: true, built: true });
      write(join(dir, input), "{}\n", new Date("2026-01-03T00:00:00Z"));
      expect(buildState(dir)).toEqual({ state: "stale", newer: join(dir, input) });
    }
  });

  it("is missing without a build, and installed (nothing to compare) without sources", () => {
    expect(buildState(fakePackage({ sources: true, built: false }))).toEqual({ state: "missing" });
    expect(buildState(fakePackage({ sources: false, built: true }))).toEqual({ state: "installed" });
    expect(buildState(fakePackage({ sources: false, built: false }))).toEqual({ state: "missing" });
  });
});

describe("bin/peerlab.js", () => {
  it("runs the build quietly when it is fresh", () => {
    const r = node([join(fakePackage({ sources: true, built: true }), "bin/peerlab.js"), "list"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("built list\n");
    expect(r.stderr).toBe("");
  });

  it("says loudly on stderr that the build is older than the sources, and still works", () => {
    // No tsx beside this copy, so the older build runs (in a checkout, the sources run through tsx).
    const dir = fakePackage({ sources: true, built: true, sourceTime: new Date("2026-01-03T00:00:00Z") });
    const r = node([join(dir, "bin/peerlab.js"), "list"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("built list\n");
    expect(r.stderr).toMatch(/^peerlab: WARNING: the build in dist\/ is older than src\/cli\/main\.ts; .*npm run build/);
  });

  it("fails with a way forward when there is no build and no tsx", () => {
    const dir = fakePackage({ sources: true, built: false });
    const r = node([join(dir, "bin/peerlab.js"), "list"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no build in dist\/.*npm ci/);
  });
});

describe("the build in dist/", () => {
  it("is fresh (npm test builds first; otherwise run `npm run build`)", () => {
    expect(buildState(ROOT)).toEqual({ state: "fresh" });
  });

  it("holds every non-TypeScript file of src/ at the same path, for the code that reads it at run time", () => {
    const assets = (readdirSync(join(ROOT, "src"), { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
      .filter((e) => e.isFile() && !/\.(?:[cm]?ts|tsx)$/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(existsSync(join(ROOT, "dist", a)), a).toBe(true);
  });

  it("is what the package exports: plain Node imports it, with type declarations beside it", () => {
    const r = node(["--input-type=module", "-e", "const m = await import('peerlab'); console.log(typeof m.loadExperimentFile, typeof m.openStore)"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("function function");
    expect(existsSync(join(ROOT, "dist/src/index.d.ts"))).toBe(true);
  });
});

describe("start-up", () => {
  // A loader hook that lists every module the command resolves.
  const HOOK = `data:text/javascript,${encodeURIComponent(
    `import { register } from "node:module"; register("data:text/javascript," + encodeURIComponent('export ` +
      `async function resolve(s, c, n) { const r = await n(s, c); process._rawDebug("LOADED " + r.url); return r; }'));`,
  )}`;
  const HEAVY = /node_modules\/(?:@langchain|langchain|langsmith|openai|@anthropic-ai|hono|@hono|playwright-core|better-sqlite3|pg|pino)\//;

  it.each([["--help"], ["stats", "compare", "3/10", "7/10"], ["scenarios"]])("`peerlab %s` loads no model, store, server or browser library", (...args) => {
    const r = node(["--import", HOOK, join(ROOT, "bin/peerlab.js"), ...args]);
    expect(r.status).toBe(0);
    const loaded = r.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
    expect(loaded.some((l) => l.includes("/dist/src/cli/main.js"))).toBe(true);
    expect(loaded.filter((l) => HEAVY.test(l))).toEqual([]);
  });
});
