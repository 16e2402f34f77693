// The docs stand alone and name what is there: every backquoted repository path (`src/…`, `test/…`,
// `scripts/…`, `bench/…`, `experiments/…`, …) in README.md and docs/*.md exists (a pattern — `<mode>`,
// `*`, `{md,json}` — matches at least one file), so do short paths (`episode/graph.ts`) and bare file
// names, every relative link resolves, the README lists every doc, and no doc cites a file kept
// outside the repository.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Paths the docs name that a command writes (bench output), ignored by git rather than committed. */
const GENERATED = ["bench/results/", "bench/.promptfoo/"];

function read(doc: string): string {
  return readFileSync(join(ROOT, doc), "utf8");
}

/** The repository paths a doc names in backquotes, each with its line; `path:12` loses the line number. */
function namedPaths(text: string): Array<{ path: string; line: number }> {
  const found: Array<{ path: string; line: number }> = [];
  text.split("\n").forEach((lineText, i) => {
    for (const m of lineText.matchAll(/`((?:src|test|scripts|bench|experiments|memory-fixtures|lint|bin)\/[^`\s]*)[^`]*`/g)) {
      found.push({ path: (m[1] ?? "").replace(/:\d*$/, "").replace(/[.,;]$/, ""), line: i + 1 });
    }
  });
  return found;
}

function segmentPattern(segment: string): RegExp {
  let source = "";
  for (const part of segment.split(/(<[^>]+>|\*|\{[^}]+\})/)) {
    if (part === "*") source += "[^/]*";
    else if (part.startsWith("<") && part.endsWith(">")) source += "[^/]+";
    else if (part.startsWith("{") && part.endsWith("}")) source += `(?:${part.slice(1, -1).split(",").map(escape).join("|")})`;
    else source += escapeRegExp(part);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a path, or at least one file its pattern describes, exists under `root`. */
function pathExists(root: string, path: string): boolean {
  const segments = path.replace(/\/$/, "").split("/");
  let current = [root];
  for (const segment of segments) {
    const next: string[] = [];
    const literal = !/[<*{]/.test(segment);
    for (const dir of current) {
      if (literal) {
        if (existsSync(join(dir, segment))) next.push(join(dir, segment));
        continue;
      }
      if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
      const pattern = segmentPattern(segment);
      for (const entry of readdirSync(dir)) if (pattern.test(entry)) next.push(join(dir, entry));
    }
    if (next.length === 0) return false;
    current = next;
  }
  return true;
}

describe("the docs' paths", () => {
  it("finds the paths a doc names, and tells a missing one from a present one", () => {
    const named = namedPaths("see `src/errors.ts:12` and `src/nowhere/x.ts`, also `src/deliveries/<mode>.ts` and `npm test`");
    expect(named.map((n) => n.path)).toEqual(["src/errors.ts", "src/nowhere/x.ts", "src/deliveries/<mode>.ts"]);
    expect(pathExists(ROOT, "src/errors.ts")).toBe(true);
    expect(pathExists(ROOT, "src/nowhere/x.ts")).toBe(false);
    expect(pathExists(ROOT, "src/deliveries/<mode>.ts")).toBe(true);
    expect(pathExists(ROOT, "src/deliveries/<mode>.py")).toBe(false);
    expect(pathExists(ROOT, "test/report/__snapshots__/*.{md,json}")).toBe(true);
  });

  it("every backquoted src/, test/, scripts/, bench/, experiments/, memory-fixtures/, lint/ and bin/ path in README.md and docs/*.md exists", () => {
    const missing: string[] = [];
    for (const doc of DOCS) {
      for (const { path, line } of namedPaths(read(doc))) {
        if (GENERATED.some((g) => path.startsWith(g))) continue;
        if (!pathExists(ROOT, path)) missing.push(`${doc}:${line} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("a short path (`episode/graph.ts`, `sqlite/search.ts`, `bin/peerlab.js`) names a file under the root, src/ or src/store/", () => {
    const missing: string[] = [];
    for (const doc of DOCS) {
      read(doc)
        .split("\n")
        .forEach((line, i) => {
          for (const m of line.matchAll(/`([a-z][a-z0-9-]*\/[^`\s]*\.(?:ts|mjs|js|cjs))`/g)) {
            const path = m[1] ?? "";
            if (/^(?:src|test|scripts|bench|experiments|memory-fixtures|lint|bin)\//.test(path)) continue;
            if (![ROOT, join(ROOT, "src"), join(ROOT, "src/store")].some((base) => existsSync(join(base, path)))) missing.push(`${doc}:${i + 1} ${path}`);
          }
        });
    }
    expect(missing).toEqual([]);
  });

  it("a bare file name (`protocol.ts`, `.dependency-cruiser.cjs`) names a file somewhere in the repository", () => {
    // Names of files the code makes rather than keeps: a world's file, the build's output.
    const made = new Set(["shutdown_config.yaml", "worker.js"]);
    const names = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          if (!["node_modules", ".git", "dist", "runs", ".tmp", "test-artifacts"].includes(entry.name)) walk(join(dir, entry.name));
        } else names.add(entry.name);
      }
    };
    walk(ROOT);
    const missing: string[] = [];
    for (const doc of DOCS) {
      for (const m of read(doc).matchAll(/`([A-Za-z0-9_.-]+\.(?:ts|mjs|js|cjs|json|yaml|sql))`/g)) {
        const name = m[1] ?? "";
        if (!names.has(name) && !made.has(name)) missing.push(`${doc} ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("the README's list of docs names every file in docs/", () => {
    const readme = read("README.md");
    expect(DOCS.filter((d) => d.startsWith("docs/") && !readme.includes(`\`${d}\``))).toEqual([]);
  });

  it("every `STUDY.md §N` a doc or the code cites is a numbered section of docs/STUDY.md", () => {
    const study = read("docs/STUDY.md");
    const sections = [...study.matchAll(/^#{2,3} (\d+(?:\.\d+)?[a-z]?)[.\s]|\*\*(\d+\.\d+[a-z]?) /gm)].map((m) => m[1] ?? m[2] ?? "");
    const exists = (n: string) => sections.some((s) => s === n || (s.startsWith(n) && /^[a-z]$/.test(s.slice(n.length))));
    expect(exists("4.3")).toBe(true);
    expect(exists("2.1")).toBe(true);
    expect(exists("9.9")).toBe(false);
    const files = [...DOCS];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        if (entry.isDirectory()) walk(`${dir}/${entry.name}`);
        else if (entry.name.endsWith(".ts")) files.push(`${dir}/${entry.name}`);
      }
    };
    walk("src");
    const dangling: string[] = [];
    for (const file of files) {
      for (const m of read(file).matchAll(/STUDY\.md §(\d+(?:\.\d+)?)/g)) if (!exists(m[1] ?? "")) dangling.push(`${file} §${m[1]}`);
    }
    expect(dangling).toEqual([]);
  });

  it("docs/ARCHITECTURE.md's folder table has a row for every folder of src/", () => {
    const doc = read("docs/ARCHITECTURE.md");
    const rows = new Set([...doc.matchAll(/^\| `src\/([a-z-]+)\/` \|/gm)].map((m) => m[1]));
    const folders = readdirSync(join(ROOT, "src"), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.map((e) => e.name).filter((name) => !rows.has(name))).toEqual([]);
  });

  it("the generated paths the docs may name are ones git ignores", () => {
    const ignored = read(".gitignore");
    for (const g of GENERATED) expect(ignored).toContain(g.replace(/\/$/, ""));
  });

  it("every relative link resolves", () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const base = doc.startsWith("docs/") ? "docs" : ".";
      for (const m of read(doc).matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
        const target = m[1] ?? "";
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(ROOT, base, target))) broken.push(`${doc} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("no doc cites a file kept outside the repository", () => {
    const outside = /\bDESIGN\.md|\bCONTRACTS\.md|paper-notes|stack-notes|\.\.\/shared|\/work\//;
    const cited: string[] = [];
    for (const doc of DOCS) {
      read(doc)
        .split("\n")
        .forEach((line, i) => {
          if (outside.test(line)) cited.push(`${doc}:${i + 1} ${line.trim()}`);
        });
    }
    expect(cited).toEqual([]);
  });
});
