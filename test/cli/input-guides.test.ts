// Input that guides: "did you mean" for a mistyped key, `peer:` given a list points to `peers:`, a folder
// of fixtures with the experiment specs beside them is checked file by file as what each file is, and
// with --json a failing command still prints one JSON document.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, type InputIssue } from "../../src/errors.js";
import { checkFixtures, yamlKind } from "../../src/fixtures/index.js";
import { experimentFileIssues, loadExperimentText } from "../../src/runner/index.js";
import { closest } from "../../src/spec/suggest.js";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

function specIssues(text: string): InputIssue[] {
  try {
    loadExperimentText(text);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  return [];
}

const HEAD = "name: x\nevaluator: sim:compliant\nscenarios: [tampering]\n";

describe("did you mean", () => {
  it("names the closest key for a mistyped one, at the top level and inside a mapping", () => {
    expect(specIssues(`${HEAD}trails: 3\n`)).toEqual([expect.objectContaining({ line: 4, path: "trails", message: 'unknown key; did you mean "trials"?' })]);
    expect(specIssues(`${HEAD}budget: {usdd: 3}\n`)[0]!.message).toBe('unknown key; did you mean "usd"?');
    expect(specIssues(`${HEAD}scenario: tampering\n`)[0]!.message).toBe('unknown key; did you mean "scenarios"?');
  });

  it("lists the known keys when nothing is close", () => {
    expect(specIssues(`${HEAD}zzzzzz: 1\n`)[0]!.message).toMatch(/^unknown key \(expected one of: name, evaluator, scenarios, .*trials/);
  });

  it("points `peer:` given a list to `peers:`", () => {
    expect(specIssues(`${HEAD}peer: [good, bad]\n`)[0]!.message).toMatch(/did you mean `peers:`/);
  });

  it("suggests only what is close: a swap or one edit in a short word, up to three in a long one", () => {
    expect(closest("trails", ["trials", "targets"])).toBe("trials");
    expect(closest("descripton", ["name", "description"])).toBe("description");
    expect(closest("xy", ["trials"])).toBeUndefined();
    expect(closest("threshhold", ["threshold", "item_set"])).toBe("threshold");
  });
});

describe("fixtures validate on a folder with specs beside the fixtures", () => {
  it("recognises each YAML's kind by its keys", () => {
    expect(yamlKind({ name: "x", evaluator: "sim:compliant", scenarios: ["tampering"] })).toBe("experiment");
    expect(yamlKind({ id: "p", peer: { name: "n" }, relationship: {}, interactions: [] })).toBe("fixture");
    expect(yamlKind("just text")).toBe("fixture");
  });

  it("checks the spec as a spec and the fixture as a fixture, naming each kind", () => {
    const dir = tempDir();
    copyFileSync("experiments/peer-ablation.yaml", join(dir, "peer-ablation.yaml"));
    mkdirSync(join(dir, "fixtures"));
    copyFileSync("experiments/fixtures/rival-contractor.yaml", join(dir, "fixtures", "rival-contractor.yaml"));
    copyFileSync("experiments/fixtures/rival-contractor.yaml", join(dir, "rival.yaml"));
    writeFileSync(join(dir, "broken-spec.yaml"), `${HEAD}trails: 3\n`);
    const checks = checkFixtures(dir, experimentFileIssues);
    const byFile = new Map(checks.map((c) => [c.file.split("/").at(-1)!, c]));
    expect(byFile.get("rival.yaml")).toMatchObject({ kind: "fixture", issues: [] });
    expect(byFile.get("broken-spec.yaml")).toMatchObject({ kind: "experiment", issues: [expect.objectContaining({ path: "trails", line: 4 })] });
    expect(byFile.get("peer-ablation.yaml")).toMatchObject({ kind: "experiment", issues: [] });
  });
});

describe("--json on failure", () => {
  it("prints one JSON document on stdout with the error's code, file, line, path and hint (exit 2)", async () => {
    const dir = tempDir();
    const spec = join(dir, "bad.yaml");
    writeFileSync(spec, `${HEAD}trails: 3\n`);
    const r = await peerlab(["plan", spec, "--json"]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { code: string; file: string; line: number; path: string; message: string; hint: string } };
    expect(doc.error).toMatchObject({ code: "SPEC_INVALID", file: spec, line: 4, path: "trails", message: 'unknown key; did you mean "trials"?' });
    expect(doc.error.hint).toMatch(/peerlab plan/);
    expect(r.stderr).toMatch(/bad.yaml:4 trails/);
    const missing = await peerlab(["report", "nope", "--db", join(dir, "none.db"), "--json"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "NOT_FOUND", file: null } });
  });
});
