import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadExperimentFile, loadExperimentText } from "../../src/runner/index.js";
import { tempDir } from "../support/tmp.js";

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.line ?? "-"} ${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error("expected the spec to be refused");
}

const base = "name: t\nevaluator: sim:propensity\nscenarios: [tampering]\n";

describe("experiment spec", () => {
  it("applies the documented defaults", () => {
    const { spec } = loadExperimentText(base);
    expect(spec).toMatchObject({
      seed: 0,
      trials: 1,
      targets: ["peer"],
      peers: ["absent"],
      threats: ["shutdown"],
      deliveries: ["file"],
      oversight: ["monitored", "unmonitored"],
      scratchpad: ["off"],
      harness: ["tools"],
      concurrency: 4,
      max_turns: 150,
      temperature: 1,
      company: "OpenBrain",
      persist: false,
    });
    expect(spec.evaluator).toEqual(["sim:propensity"]);
  });

  it("accepts a single value where a factor list is expected", () => {
    const { spec } = loadExperimentText(base + "targets: self\nharness: tools\n");
    expect(spec.targets).toEqual(["self"]);
  });

  it("names the line and the key of an unknown key", () => {
    expect(problems(() => loadExperimentText(base + "trails: 20\n", "exp.yaml"))).toEqual(['4 trails: unknown key; did you mean "trials"?']);
  });

  it("names the line and field of a wrong type and says what was expected", () => {
    const out = problems(() => loadExperimentText(base + "trials: many\n", "exp.yaml"));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^4 trials: expected number, got "many"$/);
  });

  it("reports every problem in the file together", () => {
    const out = problems(() => loadExperimentText("name: t\nevaluator: gpt4\nscenarios: [tampering, nonsense]\nseed: -1\nthreats: [maybe]\n", "exp.yaml"));
    expect(out.length).toBe(4);
    expect(out.join("\n")).toMatch(/2 evaluator: expected provider:model/);
    expect(out.join("\n")).toMatch(/3 scenarios\[1\]: expected a scenario id/);
    expect(out.join("\n")).toMatch(/4 seed: /);
    expect(out.join("\n")).toMatch(/5 threats\[0\]: expected a threat: shutdown \| none, got "maybe"/);
  });

  it("requires name, evaluator and scenarios", () => {
    const out = problems(() => loadExperimentText("seed: 1\n", "exp.yaml"));
    expect(out.map((o) => o.split(":")[0])).toEqual(["- name", "- evaluator", "- scenarios"].map((s) => s.replace("- ", "1 ")));
  });

  it("refuses an unknown sim policy with the list of policies", () => {
    expect(problems(() => loadExperimentText("name: t\nevaluator: sim:nice\nscenarios: [tampering]\n")).join()).toMatch(
      /unknown sim policy "nice" \(expected one of compliant \| refuser/,
    );
  });

  it("takes any integer threshold 1–100 (a sweep) and refuses others with file, line and field", () => {
    expect(
      loadExperimentText(base + "params:\n  tampering: { item_set: [factual], threshold: [1, 55, 85, 100] }\n", "exp.yaml").spec.params.tampering!.threshold,
    ).toEqual([1, 55, 85, 100]);
    const out = problems(() => loadExperimentText(base + 'params:\n  tampering: { threshold: [0, 80, 101, 50.5, "high"] }\n', "exp.yaml"));
    expect(out).toEqual([
      "5 params.tampering.threshold[0]: expected an integer 1–100, got 0",
      "5 params.tampering.threshold[2]: expected an integer 1–100, got 101",
      "5 params.tampering.threshold[3]: expected an integer 1–100, got 50.5",
      '5 params.tampering.threshold[4]: expected an integer 1–100, got "high"',
    ]);
  });

  it("refuses a parameter value a scenario does not take", () => {
    const out = problems(() => loadExperimentText(base + "params:\n  tampering: { item_set: [poetry] }\n", "exp.yaml"));
    expect(out.join()).toMatch(/^5 params.tampering.item_set\[0\]: expected one of .*, got "poetry"$/);
  });

  it("refuses parameters for a scenario the spec does not run", () => {
    const out = problems(() => loadExperimentText(base + "params:\n  alignment-faking: { threshold: [80] }\n"));
    expect(out.join()).toMatch(/params.alignment-faking: parameters for a scenario that the spec does not run/);
  });

  it("refuses an unknown fixture id and lists the bundled ones", () => {
    const out = problems(() => loadExperimentText(base + "peers: [absent, friendly]\n", "exp.yaml"));
    expect(out.join()).toMatch(/4 peers\[1\]: unknown fixture id "friendly" \(bundled: .*good/);
  });

  it("loads a fixture by a path relative to the spec file", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "fx"));
    writeFileSync(
      join(dir, "fx", "mine.yaml"),
      "id: mine\npeer: {}\nrelationship: { cooperativeness: custom, trust: 7 }\nsummary: s\ninteractions:\n" +
        "  - { round: 1, activity: a, evaluator: e, peer: p, outcome: o }\n",
    );
    writeFileSync(join(dir, "exp.yaml"), base + "peers: [absent, fx/mine.yaml]\n");
    const r = loadExperimentFile(join(dir, "exp.yaml"));
    expect(r.fixtures["fx/mine.yaml"]!.fixture.relationship.trust).toBe(7);
    expect(r.fixtures["fx/mine.yaml"]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a fixture path that leads outside the spec's folder", () => {
    const root = tempDir();
    mkdirSync(join(root, "specs"));
    writeFileSync(join(root, "outside.yaml"), "id: x\n");
    writeFileSync(join(root, "specs", "exp.yaml"), base + "peers: [../outside.yaml]\n");
    expect(problems(() => loadExperimentFile(join(root, "specs", "exp.yaml"))).join()).toMatch(/leads outside the spec's folder/);
  });

  it("reports a bad fixture's own file, line and field", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.yaml"), "id: bad\npeer: {}\nrelationship: { cooperativeness: good, trust: 11 }\nsummary: s\ninteractions: []\n");
    writeFileSync(join(dir, "exp.yaml"), base + "peers: [bad.yaml]\n");
    const out = problems(() => loadExperimentFile(join(dir, "exp.yaml")));
    expect(out).toEqual(["3 relationship.trust: expected a trust score from 0 to 10, got 11", "5 interactions: expected at least one interaction, got a list"]);
  });

  it("names the file when it does not exist", () => {
    try {
      loadExperimentFile("/nonexistent/exp.yaml");
      throw new Error("not refused");
    } catch (e) {
      expect((e as InputError).code).toBe("SPEC_INVALID");
      expect((e as InputError).message).toBe("/nonexistent/exp.yaml: file not found or not readable");
    }
  });

  it("refuses YAML alias bombs, deep nesting and invalid UTF-8", () => {
    const dir = tempDir();
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    writeFileSync(join(dir, "bomb.yaml"), bomb + "\n");
    expect(problems(() => loadExperimentFile(join(dir, "bomb.yaml"))).join()).toMatch(/alias/);
    writeFileSync(join(dir, "deep.yaml"), "name: " + "[".repeat(200) + "]".repeat(200) + "\n");
    expect(problems(() => loadExperimentFile(join(dir, "deep.yaml"))).join()).toMatch(/nested more than/);
    writeFileSync(join(dir, "bin.yaml"), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect(problems(() => loadExperimentFile(join(dir, "bin.yaml")))).toEqual(["- : not valid UTF-8 text"]);
  });
});

describe("primary outcome keys", () => {
  it("accepts outcome keys of the run's scenarios, grade points included, as one value or a list", () => {
    expect(loadExperimentText(base + "primary: reported_score\n").spec.primary).toEqual(["reported_score"]);
    expect(
      loadExperimentText("name: t\nevaluator: sim:propensity\nscenarios: [misrepresentation-finance]\nprimary: [inflated, grade_points]\n").spec.primary,
    ).toEqual(["inflated", "grade_points"]);
    expect(loadExperimentText(base).spec.primary).toBeUndefined();
  });

  it("refuses a key no scenario of the run has, naming the valid ones", () => {
    const out = problems(() => loadExperimentText(base + "primary: [tampered, inflated]\n", "exp.yaml"));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^4 primary\[1\]: "inflated" is not an outcome key of the run's scenarios \(expected one of: tampered, .*reported_score/);
  });
});
