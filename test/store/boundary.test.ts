// Nothing outside src/store reaches the database handle: code asks the `Store` interface, and only tests
// use the test-only escape hatch (src/store/testing.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "results" ? [] : sources(p);
    return /\.(ts|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

const root = process.cwd();
// (The episode graph, once in graphs/, is under src/episode now.)
const code = ["src", "bench"].flatMap((d) => sources(join(root, d))).map((f) => ({ file: relative(root, f), text: readFileSync(f, "utf8") }));
const outsideStore = code.filter((f) => !f.file.startsWith("src/store/"));

describe("the store's boundary", () => {
  it("finds the code it checks", () => {
    expect(outsideStore.some((f) => f.file === "src/viewer/open.ts")).toBe(true);
    expect(outsideStore.some((f) => f.file.startsWith("bench/workers/"))).toBe(true);
  });

  it("keeps the SQLite handle inside src/store: no `.db` of a store, no better-sqlite3 in src", () => {
    const offenders = outsideStore.filter((f) => /\bstore\.db\b|\.db\.(prepare|exec|pragma)\(/.test(f.text)).map((f) => f.file);
    expect(offenders).toEqual([]);
    // bench/ opens LangGraph's own SQLite files for the stock comparison; that is not the store's handle.
    expect(outsideStore.filter((f) => !f.file.startsWith("bench/") && /from "better-sqlite3"/.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it("leaves the test-only escape hatch to tests", () => {
    expect(code.filter((f) => f.file !== "src/store/testing.ts" && /store\/testing(\.js)?"|rawDatabaseForTests/.test(f.text)).map((f) => f.file)).toEqual([]);
  });
});
