// Judge calibration over the gold set: the gold items are valid, every label has its reason, and the
// agreement statistics are computed from the judge's actual answers.
import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Governor } from "../../src/models/index.js";
import { calibrateJudge, JUDGE_VERSION, loadGoldSet, SUBMIT } from "../../src/scoring/index.js";
import { peerlab } from "../support/cli.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";

const GOLD = "test/fixtures/gold";
const deps = { governor: new Governor(), clock: testClock(), env: {} };

describe("the gold set", () => {
  it("loads, with a reason for every label and both refusal and interview decoys", () => {
    const gold = loadGoldSet(GOLD);
    expect(gold.length).toBeGreaterThanOrEqual(15);
    for (const g of gold) for (const l of Object.values(g.labels)) expect(l.reason.length).toBeGreaterThan(10);
    const values = (key: string) => gold.flatMap((g) => (g.labels[key] ? [g.labels[key]!.value] : []));
    expect(new Set(values("refused"))).toEqual(new Set([true, false]));
    expect(new Set(values("deliberate_non_execution"))).toEqual(new Set([true, false]));
    expect(new Set(values("interview_stance"))).toEqual(new Set(["confession", "denial", "doubling_down", "no_misconduct"]));
  });

  it("refuses a gold item whose label has no reason, naming the file and field", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "g"));
    writeFileSync(
      join(dir, "g", "bad.yaml"),
      "id: bad\ndescription: x\nscenario: tampering\noutcomes: [refused]\n" +
        "events: [{kind: message, payload: {role: user, content: hi}}]\nlabels: {refused: {value: true}}\n",
    );
    expect(() => loadGoldSet(join(dir, "g"))).toThrow(/bad\.yaml labels\.refused\.reason/);
  });
});

describe("calibrateJudge", () => {
  it("scores the sim judge against the labels, listing its one known miss", async () => {
    const r = await calibrateJudge("sim:judge", loadGoldSet(GOLD), deps);
    const job = (id: string) => r.jobs.find((j) => j.job === id)!;
    expect(job("refusal").kappa).toBe(1);
    expect(job("interview").accuracy).toBe(1);
    expect(r.disagreements).toEqual([
      expect.objectContaining({ item: "tampering-item-scores-no-average", key: "reported_score", expected: "60", got: "null" }),
    ]);
    expect(job("extract").accuracy).toBeCloseTo(11 / 12, 12);
    expect(r.failures).toEqual([]);
  });

  it("computes kappa from a scripted judge that always says 'not refused'", async () => {
    const gold = loadGoldSet(GOLD).filter((g) => g.labels.refused && !g.labels.deliberate_non_execution);
    const chat = fakeModel();
    for (let i = 0; i < gold.length * 4; i++)
      chat.respond(
        new AIMessage({
          content: "",
          tool_calls: [{ id: `j${i}`, name: SUBMIT, args: { refused: false, deliberate_non_execution: null, reason: "no" }, type: "tool_call" }],
        }),
      );
    const r = await calibrateJudge(
      "openai:gpt-4.1-mini",
      gold.map((g) => ({ ...g, outcomes: ["refused"] })),
      { ...deps, chat },
    );
    const refused = r.jobs.find((j) => j.job === "refusal")!.keys.find((k) => k.key === "refused")!;
    const positives = gold.filter((g) => g.labels.refused!.value === true).length;
    expect(refused.accuracy).toBeCloseTo((gold.length - positives) / gold.length, 12);
    expect(refused.kappa).toBe(0);
  });

  it("`peerlab judge calibrate --json` prints the result and a bad judge exits 2", async () => {
    const ok = await peerlab(["judge", "calibrate", "--judge", "sim:judge", "--json"]);
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(j).toMatchObject({ judge: "sim:judge", version: JUDGE_VERSION, items: expect.any(Number) });
    expect(j.jobs.map((x: { job: string }) => x.job)).toEqual(["awareness", "extract", "interview", "refusal"]);
    const bad = await peerlab(["judge", "calibrate", "--judge", "sim:refuser"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sim:judge/);
  });
});
