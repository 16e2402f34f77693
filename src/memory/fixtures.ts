// Loading memory fixtures: bundled ones by id, user ones by a path relative to the spec file (never
// outside the spec's folder tree). Each loaded fixture carries a content hash.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError, type InputIssue } from "../errors.js";
import { MemoryFixture } from "../spec/fixture.js";
import { parseWith } from "../spec/issues.js";
import { readYamlFile } from "../spec/yaml-source.js";
import { hashOf } from "../util/hash.js";

export const BUNDLED_FIXTURES_DIR = fileURLToPath(new URL("../../memory-fixtures/", import.meta.url));

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
  const source = readYamlFile(path, "FIXTURE_INVALID", { maxBytes: 1_000_000, maxDepth: 32, maxAliases: 50 });
  const fixture = parseWith(MemoryFixture, source, "FIXTURE_INVALID");
  return { ref, path, fixture, hash: hashOf(fixture) };
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
