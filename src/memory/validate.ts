// Validating fixture files for `peerlab fixtures validate <file|dir>`: every problem of every file,
// each with its file, line and field; in a folder, also ids that two files share.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError, type InputIssue } from "../errors.js";
import { readYamlFile } from "../spec/yaml-source.js";
import { loadFixtureFile, type LoadedFixture } from "./fixtures.js";

export interface FixtureCheck {
  file: string;
  fixture: LoadedFixture | null;
  issues: InputIssue[];
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

export function checkFixtures(path: string): FixtureCheck[] {
  const checks: FixtureCheck[] = fixtureFilesAt(path).map((file) => {
    try {
      return { file, fixture: loadFixtureFile(file), issues: [] };
    } catch (e) {
      if (e instanceof InputError) return { file, fixture: null, issues: e.issues };
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
