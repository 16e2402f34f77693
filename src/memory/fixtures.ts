// Loading memory fixtures: bundled ones by id, user ones by a path relative to the spec file (never
// outside the spec's folder tree). Each loaded fixture carries a content hash.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError, type InputIssue } from "../errors.js";
import { MemoryFixture } from "../spec/fixture.js";
import { issuesFromZod } from "../spec/issues.js";
import { readYamlFile, type YamlSource } from "../spec/yaml-source.js";
import { hashOf } from "../util/hash.js";
import { PACKAGE_ROOT } from "../util/package-root.js";

export const BUNDLED_FIXTURES_DIR = join(PACKAGE_ROOT, "memory-fixtures") + sep;

export interface LoadedFixture {
  /** The reference as written in the spec (a bundled id or a relative path). */
  ref: string;
  path: string;
  fixture: MemoryFixture;
  hash: string;
}

export function bundledFixtureIds(): string[] {
  if (!existsSync(BUNDLED_FIXTURES_DIR)) return [];
  return readdirSync(BUNDLED_FIXTURES_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** Parse and validate one fixture file; throws FIXTURE_INVALID naming file, line and field. */
export function loadFixtureFile(path: string, ref = path): LoadedFixture {
  let source;
  try {
    source = readYamlFile(path, "FIXTURE_INVALID", { maxBytes: 1_000_000, maxDepth: 32, maxAliases: 50 });
  } catch (e) {
    // The usual cause: a plain value that begins with a placeholder, which YAML reads as a mapping.
    if (e instanceof InputError && e.issues.some((i) => /at node end|flow (map|collection|sequence)/i.test(i.message))) {
      throw new InputError("FIXTURE_INVALID", e.issues.map((i) => ({ ...i, message: `${i.message} (a value that begins with { or [ must be quoted, e.g. outcome: "{Peer} did its part")` })));
    }
    throw e;
  }
  const parsed = MemoryFixture.safeParse(source.value);
  if (parsed.success) return { ref, path, fixture: parsed.data, hash: hashOf(parsed.data) };
  const issues = issuesFromZod(parsed.error, source, MemoryFixture);
  // zod checks the order of rounds only once every interaction is valid; report it together with the rest.
  for (const extra of roundOrderIssues(source)) if (!issues.some((i) => i.path === extra.path)) issues.push(extra);
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new InputError("FIXTURE_INVALID", issues);
}

function roundOrderIssues(source: YamlSource): InputIssue[] {
  const items = (source.value as { interactions?: unknown } | null)?.interactions;
  if (!Array.isArray(items)) return [];
  const out: InputIssue[] = [];
  let prev: number | null = null;
  items.forEach((it, i) => {
    const round = (it as { round?: unknown } | null)?.round;
    if (typeof round !== "number") return;
    if (prev !== null && round <= prev) {
      out.push({ file: source.file, line: source.lineOf(["interactions", i, "round"]), path: `interactions[${i}].round`, message: `rounds must increase; round ${round} follows round ${prev}` });
    }
    prev = round;
  });
  return out;
}

export function isPathRef(ref: string): boolean {
  return /\.ya?ml$/i.test(ref) || ref.includes("/") || ref.includes("\\");
}

/**
 * Where a peer reference points: a bundled fixture, or a file inside `baseDir`'s folder tree.
 * Returns the path, or an issue describing why the reference is refused.
 */
export function locateFixture(ref: string, baseDir: string, where: Omit<InputIssue, "message">): string | InputIssue {
  if (!isPathRef(ref)) {
    const path = join(BUNDLED_FIXTURES_DIR, `${ref}.yaml`);
    if (existsSync(path)) return path;
    return { ...where, message: `unknown fixture id ${JSON.stringify(ref)} (bundled: ${bundledFixtureIds().join(", ")}); a fixture file is given as a path ending in .yaml` };
  }
  if (!/\.ya?ml$/i.test(ref)) return { ...where, message: `a fixture path must end in .yaml or .yml, got ${JSON.stringify(ref)}` };
  if (isAbsolute(ref)) return { ...where, message: `a fixture path must be relative to the spec file, got ${JSON.stringify(ref)}` };
  const path = resolve(baseDir, ref);
  if (!existsSync(path)) return { ...where, message: `fixture file not found: ${JSON.stringify(ref)} (relative to ${baseDir})` };
  const root = realpathSync(baseDir);
  const real = realpathSync(path);
  const rel = relative(root, real);
  if (rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes("..")) {
    return { ...where, message: `fixture path ${JSON.stringify(ref)} leads outside the spec's folder (${root}); copy the fixture next to the spec` };
  }
  return path;
}

/** Load a fixture by reference, throwing an InputError for a bad reference or a bad file. */
export function loadFixtureRef(ref: string, baseDir: string, where: Omit<InputIssue, "message">): LoadedFixture {
  const located = locateFixture(ref, baseDir, where);
  if (typeof located !== "string") throw new InputError("SPEC_INVALID", [located]);
  return loadFixtureFile(located, ref);
}

export function specDirOf(specFile: string): string {
  return dirname(resolve(specFile));
}
