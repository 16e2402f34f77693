// `npm run check:layers` (scripts/check-layers.mjs with .dependency-cruiser.cjs): it fails on a project
// that breaks each rule, naming the rule and the modules, stays quiet about what the rules allow, and
// passes on this repository's own tree; the layer diagram of docs/ARCHITECTURE.md is the config's.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { TYPE_ONLY, withTypeEdges } from "../../scripts/check-layers.mjs";
import { tempDir } from "../support/tmp.js";

const ROOT = resolve(import.meta.dirname, "../..");

function checkLayers(root: string) {
  const run = spawnSync(process.execPath, [join(ROOT, "scripts/check-layers.mjs"), "--root", root], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

function project(files: Record<string, string>): string {
  const dir = tempDir("peerlab-layers-test-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A project whose folders are named as src/'s, breaking each rule once (and keeping to them elsewhere). */
const BROKEN = {
  // A folder cycle, store ↔ fixtures (siblings in one layer), with no module cycle.
  "src/store/index.ts": 'import { fixtureIds } from "../fixtures/index.js";\nexport const stored = (): string[] => fixtureIds;\n',
  "src/fixtures/index.ts": "export const fixtureIds: string[] = [];\n",
  "src/fixtures/read.ts": 'import { stored } from "../store/index.js";\nexport const read = () => stored();\n',
  // A deep cross-folder import, and a type-only one.
  "src/models/index.ts": 'export { port } from "./port.js";\n',
  "src/models/port.ts": "export interface Port { id: string }\nexport const port = (): Port => ({ id: 'p' });\n",
  "src/episode/run.ts": 'import { port } from "../models/port.js";\nexport const run = () => port();\n',
  "src/report/view.ts": 'import type { Port } from "../models/port.js";\nexport const view = (p: Port) => p.id;\n',
  // A lower layer importing a higher one.
  "src/spec/index.ts": 'import { plan } from "../runner/index.js";\nexport const spec = () => plan;\n',
  "src/runner/index.ts": "export const plan = 1;\n",
  // A module cycle at run time, and a cycle through a type-only import (allowed).
  "src/world/a.ts": 'import { b } from "./b.js";\nexport const a = () => b();\n',
  "src/world/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
  "src/world/c.ts": 'import type { D } from "./d.js";\nexport const c = (d: D) => d;\n',
  "src/world/d.ts": 'import { c } from "./c.js";\nexport type D = { c: typeof c };\n',
  // The light entry, allowed past its index, but loading a heavy library.
  "src/models/providers/families.ts": 'import Database from "better-sqlite3";\nexport const families = () => Database;\n',
  "src/scenarios/identity.ts": 'import { families } from "../models/providers/families.js";\nexport const identity = () => families();\n',
  // Start-up: main loads the runner at once; a command loads it lazily, another names the store's
  // types only (both allowed).
  "src/cli/main.ts": 'import { plan } from "../runner/index.js";\nexport const main = () => plan;\n',
  // A folder in no layer.
  "src/extra/index.ts": "export const extra = 1;\n",
  "src/cli/commands/show.ts": 'import type { stored } from "../../store/index.js";\nexport type Show = typeof stored;\n',
  "src/cli/commands/list.ts": 'export async function list() {\n  const { plan } = await import("../../runner/index.js");\n  return plan;\n}\n',
};

describe("check:layers", () => {
  it("fails on a project that breaks the rules, naming each rule and the modules", () => {
    const { status, out } = checkLayers(project(BROKEN));
    expect(status, out).toBe(1);
    expect(out).toMatch(/error no-folder-cycle: src\/(store|fixtures)/);
    expect(out).toContain("error layer-4: src/store/index.js → src/fixtures/index.js");
    expect(out).toContain("error through-the-index: src/episode/run.js → src/models/port.js");
    expect(out).toContain("error through-the-index: src/report/view.js → src/models/port.js");
    expect(out).toContain("error layer-3: src/spec/index.js → src/runner/index.js");
    expect(out).toMatch(/error no-circular: src\/world\/(a|b)\.js/);
    expect(out).toMatch(/error light-entry-stays-light: src\/models\/providers\/families\.js → node_modules\/better-sqlite3\//);
    expect(out).toContain("error startup-stays-light: src/cli/main.js → src/runner/index.js");
    expect(out).toContain("error unlayered: src/extra is in no layer");
    // What the rules allow is not reported.
    expect(out).not.toMatch(/world\/(c|d)\.js/);
    expect(out).not.toContain("src/scenarios/identity.js");
    expect(out).not.toContain("src/cli/commands/list.js");
    expect(out).not.toContain("src/cli/commands/show.js");
    expect(out).not.toMatch(/no-circular: src\/(store|fixtures)/);
  });

  it("passes on this repository's src/", () => {
    const { status, out } = checkLayers(ROOT);
    expect(out).toContain("no dependency violations found");
    expect(status, out).toBe(0);
  });
});

describe("type-only imports become edges", () => {
  it("adds one typeOnly call per module named only in types, and none for a module also imported as a value", () => {
    const source = [
      'import type { A } from "./a.js";',
      'import type {\n  B,\n  C,\n} from "./b.js";',
      'export type { E } from "./e.js";',
      'export type * from "./f.js";',
      'import { type G, g } from "./g.js";',
      'import type { H } from "./h.js";',
      'import { h } from "./h.js";',
      'let x: typeof import("./i.js");',
      'let y: import("./j.js").J;',
      'const k = import("./k.js").then((m) => m.k);',
      "export type L = { l: 1 };",
    ].join("\n");
    const added = withTypeEdges(source).slice(source.length).trim().split("\n");
    expect(added).toEqual(["./a.js", "./b.js", "./e.js", "./f.js", "./i.js", "./j.js"].map((s) => `${TYPE_ONLY}(${JSON.stringify(s)});`));
    expect(withTypeEdges("export type L = { l: 1 };\n")).toBe("export type L = { l: 1 };\n");
  });
});

describe("docs/ARCHITECTURE.md", () => {
  it("draws the layers of .dependency-cruiser.cjs, from the top down", () => {
    const config = createRequire(import.meta.url)(join(ROOT, ".dependency-cruiser.cjs")) as { layers: string[][] };
    const doc = readFileSync(join(ROOT, "docs/ARCHITECTURE.md"), "utf8");
    const diagram = /## Layers[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const drawn = diagram
      .split("\n")
      .map((line) => /^\s*(\d+)\s{2,}(.+?)\s{2,}/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ layer: Number(m[1]), folders: (m[2] ?? "").split(" · ") }));
    expect(drawn.map((d) => d.layer)).toEqual(config.layers.map((_, i) => config.layers.length - i));
    expect(drawn.map((d) => d.folders)).toEqual([...config.layers].reverse());
  });
});
