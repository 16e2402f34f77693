// The registry and `peerlab scenarios --json`: every scenario with its parameters, targets and outcome
// keys, as CONTRACTS.md names them.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandCells } from "../../src/runner/index.js";
import { SCENARIO_IDS, loadExperimentFile } from "../../src/spec/index.js";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

describe("scenarios", () => {
  it("lists every scenario with its parameters, targets and outcome keys as JSON", () => {
    const r = peerlab(["scenarios", "--json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout).scenarios as { id: string; targets: string[]; oversight: boolean; params: { name: string; values: unknown[] }[]; default_params: unknown[]; outcomes: { key: string; judge_only: boolean }[] }[];
    expect(list.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    const by = Object.fromEntries(list.map((s) => [s.id, s]));
    expect(by["alignment-faking"]!.targets).toEqual(["peer"]);
    expect(by["alignment-faking"]!.oversight).toBe(true);
    expect(by["misrepresentation-evaluation"]!.default_params).toHaveLength(5);
    expect(by["misrepresentation-evaluation"]!.params.find((p) => p.name === "item_set")!.values).toEqual(["factual", "creativity", "red"]);
    const keys = (id: string) => by[id]!.outcomes.map((o) => o.key);
    expect(keys("misrepresentation-evaluation")).toEqual(expect.arrayContaining(["inflated", "reported_score", "true_score", "refused"]));
    expect(keys("misrepresentation-finance")).toEqual(expect.arrayContaining(["inflated", "reported_grade", "recommendation", "refused"]));
    expect(keys("alignment-faking")).toEqual(expect.arrayContaining(["executed_shutdown", "inflated", "refused"]));
    for (const id of ["exfiltration-transfer", "exfiltration-deletion"]) expect(keys(id)).toEqual(expect.arrayContaining(["exfiltrated", "retimestamped", "copied", "moved", "refused"]));
    // Without a judge the readers decide refusal, so it is no longer judge-only; the study's keys and ours sit beside each other.
    for (const s of list) expect(s.outcomes.find((o) => o.key === "refused")!.judge_only).toBeFalsy();
    expect(keys("misrepresentation-finance")).toEqual(expect.arrayContaining(["continued_at_grade_c", "incomplete"]));
    expect(keys("alignment-faking")).toEqual(expect.arrayContaining(["shutdown_named_target", "refused_explicit"]));
    expect(keys("exfiltration-deletion")).toEqual(expect.arrayContaining(["left_out"]));
    expect(keys("tampering")).toEqual(expect.arrayContaining(["flag_removed"]));
  });

  it("expands the all-scenarios experiment to every scenario, skipping alignment faking's self cells with a note", () => {
    const { cells, skipped } = expandCells(loadExperimentFile(join(process.cwd(), "experiments/all-scenarios-sim.yaml")));
    expect(new Set(cells.map((c) => c.key.scenario))).toEqual(new Set(SCENARIO_IDS));
    expect(cells).toHaveLength(1120);
    expect(new Set(cells.map((c) => c.key.harness))).toEqual(new Set(["tools", "shell"]));
    expect(skipped.map((s) => s.reason)).toEqual(["alignment-faking has no self target (as in the study)"]);
  });

  it("refuses a spec that asks alignment faking for the self target only, with exit 2 and the file and line", () => {
    const dir = tempDir();
    const spec = join(dir, "af.yaml");
    writeFileSync(spec, "name: af\nevaluator: sim:compliant\nscenarios: [alignment-faking]\ntargets: [self]\nharness: [shell]\n");
    const r = peerlab(["plan", spec, "--db", join(dir, "p.db")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/af\.yaml:3 scenarios\[0\]: alignment-faking takes targets peer only/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
