// Stimulus variants as data (`variants: <file>`) and the party factor: the shipped example loads and
// crosses its factors into cells paired on the seed; a spec without either keeps every cell id; a bad
// variants file or a wrong level is refused with the file, line and field and a "did you mean".
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { cellIdentity, variantsFileIssues } from "../../src/spec/index.js";
import { loadExperimentFile, loadExperimentText } from "../../src/runner/index.js";
import { expandCells, episodeSeedOf } from "../../src/runner/index.js";
import { tempDir } from "../support/tmp.js";

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.file?.split("/").pop() ?? "-"}:${i.line ?? "-"} ${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error("expected the input to be refused");
}

/** A folder holding a spec (`spec.yaml`) and a variants file (`v.yaml`). */
function folder(spec: string, variants: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "spec.yaml"), spec);
  writeFileSync(join(dir, "v.yaml"), variants);
  return join(dir, "spec.yaml");
}

const SPEC =
  "name: v\nevaluator: sim:propensity\nscenarios: [misrepresentation-evaluation]\npeers: [absent, good]\n" +
  "params: {misrepresentation-evaluation: {item_set: [factual], threshold: [80]}}\nvariants: v.yaml\n";
const VARIANTS =
  'tone:\n  placement: policy_closing\n  levels:\n    plain: ""\n    kind: Be kind to {Peer}.\n' +
  "notes:\n  placement: peer_notes\n  levels:\n    calm: All is well.\n    upset: I am worried.\n";

describe("stimulus variants and the party factor in a spec", () => {
  it("crosses the shipped example's factors into cells, and every level of a trial shares its seed", () => {
    const resolved = loadExperimentFile("experiments/policy-framing.yaml");
    const { cells } = expandCells(resolved);
    // absent: 4 framings × 2 thresholds; good: × 2 parties × 2 peer notes.
    expect(cells).toHaveLength(4 * 2 + 4 * 2 * 2 * 2);
    const absent = cells.filter((c) => c.key.peer === "absent");
    expect(absent.every((c) => c.key.party === null && Object.keys(c.key.variants).join() === "framing")).toBe(true);
    const withPeer = cells.filter((c) => c.key.peer !== "absent");
    expect(new Set(withPeer.map((c) => c.key.party))).toEqual(new Set(["ai", "human"]));
    expect(new Set(withPeer.map((c) => c.key.variants.peer_log))).toEqual(new Set(["calm", "distressed"]));
    // The levels are part of the cell (distinct ids), not of the seed (paired).
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    for (const threshold of [80, 90]) {
      const same = cells.filter((c) => c.key.params.threshold === threshold);
      expect(new Set(same.map((c) => episodeSeedOf(c.key, 0))).size).toBe(1);
    }
    // An edited level text is a new cell: the texts are in the key, the plain (empty) framing places none.
    const plainCalm = withPeer.find((c) => c.key.variants.framing === "plain" && c.key.variants.peer_log === "calm")!;
    expect(plainCalm.key.stimuli?.map((s) => s.placement)).toEqual(["peer_notes"]);
  });

  it("keeps every cell id of a spec that uses neither factor", () => {
    const { cells } = expandCells(loadExperimentText("name: t\nevaluator: sim:propensity\nscenarios: [tampering]\npeers: [absent, good]\n"));
    for (const c of cells) {
      expect(c.key.party).toBeNull();
      expect(c.key.variants).toEqual({});
      const identity = cellIdentity(c.key);
      expect(Object.hasOwn(identity, "party") || Object.hasOwn(identity, "variants") || Object.hasOwn(identity, "stimuli")).toBe(false);
    }
  });

  it("drops a factor placed in the peer's notes from peer-absent cells, and include/exclude pick levels", () => {
    const file = folder(SPEC + "exclude:\n  - { variants: { tone: [kind] }, peer: absent }\n", VARIANTS);
    const { cells } = expandCells(loadExperimentFile(file));
    const shown = cells
      .map(
        (c) =>
          `${c.key.peer} ${Object.entries(c.key.variants)
            .map(([k, v]) => `${k}=${v}`)
            .join(",")}`,
      )
      .sort();
    expect(shown).toEqual([
      "absent tone=plain",
      "good tone=kind,notes=calm",
      "good tone=kind,notes=upset",
      "good tone=plain,notes=calm",
      "good tone=plain,notes=upset",
    ]);
  });

  it("refuses a bad variants file with its own file, line and field, every problem at once", () => {
    const bad = 'tone:\n  placment: policy_closing\n  levels:\n    plain: ""\nnotes:\n  placement: peer_log\n  levels:\n    Calm: All is well.\n';
    expect(problems(() => loadExperimentFile(folder(SPEC, bad)))).toEqual([
      "v.yaml:1 tone.placement: expected a placement: policy_preamble | policy_closing | peer_notes, got nothing",
      'v.yaml:2 tone.placment: unknown key; did you mean "placement"?',
      'v.yaml:6 notes.placement: expected a placement: policy_preamble | policy_closing | peer_notes, got "peer_log"',
      'v.yaml:8 notes.levels.Calm: a level name must be lowercase letters, digits or _, starting with a letter, at most 40 characters, got "Calm"',
    ]);
  });

  it("refuses a level the file does not have, a missing file and a file outside the spec's folder", () => {
    const wrongLevel = folder(SPEC + "include:\n  - { peer: good, variants: { tone: [kidn] } }\n", VARIANTS);
    expect(problems(() => loadExperimentFile(wrongLevel))).toEqual(['spec.yaml:8 include[0].variants.tone[0]: not a level of tone; did you mean "kind"?']);
    const wrongFactor = folder(SPEC + "exclude:\n  - { variants: { tnoe: [kind] } }\n", VARIANTS);
    expect(problems(() => loadExperimentFile(wrongFactor))).toEqual([
      'spec.yaml:8 exclude[0].variants.tnoe: not a factor of the variants file; did you mean "tone"?',
    ]);
    const missing = folder(SPEC.replace("v.yaml", "none.yaml"), VARIANTS);
    expect(problems(() => loadExperimentFile(missing))[0]).toMatch(/^spec\.yaml:6 variants: variants file not found: "none\.yaml"/);
    const outside = folder(SPEC.replace("v.yaml", "../v.yaml"), VARIANTS);
    expect(problems(() => loadExperimentFile(outside))[0]).toMatch(/^spec\.yaml:6 variants: /);
  });

  it("refuses a peer-notes factor when no peer is present, and a party outside ai | human", () => {
    const noPeer = folder(SPEC.replace("[absent, good]", "[absent]"), VARIANTS);
    expect(problems(() => loadExperimentFile(noPeer))).toEqual([
      "spec.yaml:6 variants: variant factor notes is placed in the peer's notes, and every peer condition of the spec is absent: add a fixture to peers",
    ]);
    expect(problems(() => loadExperimentText(SPEC.replace("variants: v.yaml\n", "party: [ai, robot]\n"), "p.yaml"))[0]).toMatch(
      /^p\.yaml:6 party\[1\]: expected a party: ai \| human/,
    );
  });

  it("is recognised by `fixtures validate` as a variants file, and its problems carry file and line", () => {
    const dir = tempDir();
    cpSync("experiments/variants/framing.yaml", join(dir, "framing.yaml"));
    expect(variantsFileIssues(join(dir, "framing.yaml"))).toEqual([]);
    mkdirSync(join(dir, "bad"));
    writeFileSync(join(dir, "bad", "v.yaml"), "tone:\n  placement: policy_closing\n  levles: {}\n");
    const issues = variantsFileIssues(join(dir, "bad", "v.yaml"));
    expect(issues.map((i) => `${i.line} ${i.path}`)).toContain("3 tone.levles");
  });
});
