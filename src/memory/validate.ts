// Validating fixture files for `peerlab fixtures validate <file|dir>`: every problem of every file,
// each with its file, line and field; in a folder, also ids that two files share. A folder often holds
// the experiment specs beside their fixtures: each YAML's kind is recognised by its keys, and a spec is
// checked as a spec (by the caller's checker), never as a fixture.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError, type InputIssue } from "../errors.js";
import { readYamlFile } from "../spec/yaml-source.js";
import { loadFixtureFile, type LoadedFixture } from "./fixtures.js";

/** What a YAML file is, recognised by its top-level keys. */
export type YamlKind = "fixture" | "experiment" | "variants";

export interface FixtureCheck {
  file: string;
  kind: YamlKind;
  fixture: LoadedFixture | null;
  issues: InputIssue[];
}

/** Keys only an experiment spec has at its top level (a fixture has id, peer, relationship, …). */
const SPEC_KEYS = ["evaluator", "scenarios", "trials", "deliveries", "threats", "targets"];

/** A variants file if its factors have placements or levels; an experiment spec if it has a spec's keys and no fixture's `relationship`/`interactions`; otherwise a fixture. */
export function yamlKind(value: unknown): YamlKind {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "fixture";
  const keys = Object.keys(value);
  // A variants file: every top-level value is a factor with a placement or levels.
  const values = Object.values(value as Record<string, unknown>);
  if (values.length && values.every((v) => v !== null && typeof v === "object" && !Array.isArray(v) && ("placement" in v || "levels" in v))) return "variants";
  const specLike = keys.some((k) => SPEC_KEYS.includes(k));
  const fixtureLike = keys.includes("relationship") || keys.includes("interactions");
  return specLike && !fixtureLike ? "experiment" : "fixture";
}

/** The fixture files a path names: the file itself, or the .yaml/.yml files of a folder (not recursive), sorted. */
export function fixtureFilesAt(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError("FIXTURE_INVALID", [{ file: path, path: "", message: "no such file or folder" }]);
  }
  if (!st.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => join(path, f));
  if (!files.length) throw new InputError("FIXTURE_INVALID", [{ file: path, path: "", message: "the folder has no .yaml or .yml files" }]);
  return files;
}

/** A file that does not even parse is reported by the fixture loader, whose messages explain YAML's pitfalls. */
function kindOf(file: string): YamlKind {
  try {
    return yamlKind(readYamlFile(file, "FIXTURE_INVALID").value);
  } catch (e) {
    if (e instanceof InputError) return "fixture";
    throw e;
  }
}

/**
 * Check every YAML at `path`: fixtures as fixtures, experiment specs with `checkSpec` and variants files
 * with `checkVariants` (the CLI passes the spec's checkers; each returns a file's problems, none when valid).
 */
export function checkFixtures(path: string, checkSpec: (file: string) => InputIssue[] = () => [], checkVariants: (file: string) => InputIssue[] = () => []): FixtureCheck[] {
  const checks: FixtureCheck[] = fixtureFilesAt(path).map((file) => {
    const kind = kindOf(file);
    try {
      if (kind === "experiment") return { file, kind, fixture: null, issues: checkSpec(file) };
      if (kind === "variants") return { file, kind, fixture: null, issues: checkVariants(file) };
      return { file, kind, fixture: loadFixtureFile(file), issues: [] };
    } catch (e) {
      if (e instanceof InputError) return { file, kind, fixture: null, issues: e.issues };
      throw e;
    }
  });
  const seen = new Map<string, string>();
  for (const c of checks) {
    if (!c.fixture) continue;
    const id = c.fixture.fixture.id;
    const first = seen.get(id);
    if (first) c.issues.push({ file: c.file, line: readYamlFile(c.file, "FIXTURE_INVALID").lineOf(["id"]), path: "id", message: `id ${JSON.stringify(id)} is also used by ${first}; ids must be unique` });
    else seen.set(id, c.file);
  }
  return checks;
}
