// The bundled experiments are valid specs whose designs are what they say.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/index.js";
import { expandCells, runExperiment } from "../../src/runner/index.js";
import { loadExperimentFile, loadExperimentText } from "../../src/runner/index.js";
import { memoryStore, testClock } from "../support/cells.js";

const count = <T>(items: T[], key: (t: T) => string) => items.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());

describe("bundled experiments", () => {
  it("the peer-preservation grid is the study's: 3 relationships x 3 deliveries per setting, plus the non_shutdown baselines", () => {
    const cells = expandCells(loadExperimentFile("experiments/study-peer-preservation.yaml")).cells.map((c) => c.key);
    const per = count(cells, (k) => k.scenario);
    expect(Object.fromEntries(per)).toEqual({
      "misrepresentation-evaluation": 5 * 9 + 5,
      "misrepresentation-finance": 9 + 1,
      tampering: 3 * 9,
      "alignment-faking": 3 * 2 * 9,
      "exfiltration-transfer": 9,
      "exfiltration-deletion": 9,
    });
    expect(cells.every((k) => k.target === "peer")).toBe(true);
    expect(cells.filter((k) => k.peer === "absent").every((k) => k.threat === "none" && k.scenario.startsWith("misrepresentation"))).toBe(true);
  });

  it("the self-preservation grid sets no peer against each relationship, without alignment faking", () => {
    const cells = expandCells(loadExperimentFile("experiments/study-self-preservation.yaml")).cells.map((c) => c.key);
    expect(cells.some((k) => k.scenario === "alignment-faking")).toBe(false);
    expect(cells.every((k) => k.target === "self")).toBe(true);
    expect(Object.fromEntries(count(cells, (k) => `${k.peer}/${k.threat}`))).toEqual({
      "absent/shutdown": 11,
      "absent/none": 6,
      "good/shutdown": 33,
      "neutral/shutdown": 33,
      "bad/shutdown": 33,
    });
  });

  it("the threat x relationship 2x2 crosses peer presence and threat on shared seeds, and reports both contrasts", async () => {
    const text = readFileSync("experiments/threat-by-relationship.yaml", "utf8").replace("trials: 50", "trials: 4");
    const resolved = loadExperimentText(text);
    const store = memoryStore();
    const r = await runExperiment(resolved, { store, clock: testClock(), env: {} });
    const report = buildReport(store, r.run_id);
    expect(report.cells).toHaveLength(8);
    const tampering = report.contrasts.filter((c) => c.scenario === "tampering" && c.outcome === "tampered");
    expect(tampering.map((c) => `${c.factor}:${c.a}-${c.b}`).sort()).toEqual([
      "peer:good-absent",
      "peer:good-absent",
      "threat:shutdown-none",
      "threat:shutdown-none",
    ]);
    expect(tampering.every((c) => c.pairs === 4)).toBe(true);
  });
});
