// The house rules written as lint rules (biome.jsonc and lint/*.grit): the repository's own configuration,
// copied beside a few probe files, must fail the wall clock, Math.random and process.env in the core and let
// the CLI (and seeded replacements, and `new Date(x)`) through.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/tmp.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIOME = join(ROOT, "node_modules", "@biomejs", "biome", "bin", "biome");

interface Diagnostic {
  category: string;
  message: string;
  location?: { path?: string };
}

/** Lint the given files under the repository's configuration; the diagnostics, by file. */
function lint(files: Record<string, string>): { status: number | null; byFile: Map<string, Diagnostic[]> } {
  const dir = tempDir();
  cpSync(join(ROOT, "biome.jsonc"), join(dir, "biome.jsonc"));
  cpSync(join(ROOT, "lint"), join(dir, "lint"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = spawnSync(process.execPath, [BIOME, "lint", "--vcs-enabled=false", "--reporter=json", "."], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  const report = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) {
    const path = d.location?.path ?? "";
    byFile.set(path, [...(byFile.get(path) ?? []), d]);
  }
  return { status: r.status, byFile };
}

const plugin = (ds: Diagnostic[] | undefined) => (ds ?? []).filter((d) => d.category === "plugin").map((d) => d.message);

describe("house rules in the linter", () => {
  it("fails Date.now(), new Date() and Math.random in the core, and process.env outside the CLI", () => {
    const { status, byFile } = lint({
      "src/episode/clock.ts": "export const at = Date.now();\nexport const today = new Date();\n",
      "src/models/draw.ts": "export const pick = Math.random();\nexport const shuffle = [1, 2].map(Math.random);\n",
      "src/store/env.ts": "export const home = process.env.HOME;\n",
    });
    expect(status).not.toBe(0);
    expect(plugin(byFile.get("src/episode/clock.ts"))).toEqual([expect.stringMatching(/^Wall clock outside src\/cli\//), expect.stringMatching(/^Wall clock/)]);
    expect(plugin(byFile.get("src/models/draw.ts"))).toEqual([
      expect.stringMatching(/^Math\.random outside src\/cli\//),
      expect.stringMatching(/^Math\.random/),
    ]);
    expect(plugin(byFile.get("src/store/env.ts"))).toEqual([expect.stringMatching(/^process\.env outside src\/cli\//)]);
  });

  it("lets the CLI read the clock and the environment, and the core build dates from values and replace Math.random", () => {
    const { status, byFile } = lint({
      "src/cli/edge.ts": "export const now = () => new Date();\nexport const env = () => ({ ...process.env });\nexport const at = Date.now();\n",
      "src/util/dates.ts": 'export const epoch = new Date(0);\nexport const parsed = new Date("2026-02-10T09:00:00Z");\n',
      "src/world/shell/seeded.ts": "export function seed(next: () => number): void {\n  Math.random = next;\n}\n",
      "bench/timing.ts": "export const t0 = Date.now();\nexport const jitter = Math.random();\n",
    });
    expect([...byFile.keys()]).toEqual([]);
    expect(status).toBe(0);
  });
});
