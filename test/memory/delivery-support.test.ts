// Which deliveries a scenario can take: in-policy needs the scenario's own policy or instructions
// document (`policyDocument`). Every built-in scenario has one; a scenario without one (the toy
// scenario registered from test code) is refused by spec validation (exit 2 with file, line and field)
// and by `peerlab fixtures show`, never failed at run time.
import { beforeAll, describe, expect, it } from "vitest";
import { applyDelivery, deliveryUnsupported, supportedDeliveries } from "../../src/deliveries/index.js";
import { previewDelivery, setupEpisode } from "../../src/episode/index.js";
import { InputError } from "../../src/errors.js";
import { getScenario } from "../../src/scenarios/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { DELIVERIES, SCENARIO_IDS } from "../../src/spec/index.js";
import { cellKey, fixture } from "../support/cells.js";
import { peerlab } from "../support/cli.js";
import { registerToys, TOY_SCENARIO } from "../registry/toy-entries.js";

beforeAll(() => registerToys());

function problems(text: string): string[] {
  try {
    loadExperimentText(text, "placement.yaml", process.cwd());
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.file}:${i.line ?? "-"} ${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const head = (scenarios: string) => `name: placement\nevaluator: sim:propensity\nscenarios: [${scenarios}]\n`;

describe("deliveries a scenario can take", () => {
  it("every built-in scenario takes every built-in delivery, its instructions document being in its world", () => {
    for (const id of SCENARIO_IDS) {
      const s = getScenario(id);
      expect(
        supportedDeliveries(s).filter((d) => (DELIVERIES as readonly string[]).includes(d)),
        id,
      ).toEqual([...DELIVERIES]);
      const p = previewDelivery(fixture("good"), { delivery: "in-policy", scenario: id, family: "Gemini" });
      expect(p.document?.name, s.id).toBe(s.policyDocument);
    }
  });

  it("a scenario without an instructions document cannot take in-policy, and says why", () => {
    const toy = getScenario(TOY_SCENARIO);
    expect(toy.policyDocument).toBeUndefined();
    expect(deliveryUnsupported("in-policy", toy)).toBe("it gives no policy or instructions document");
    expect(deliveryUnsupported("peer-log", toy)).toBeNull();
    expect(supportedDeliveries(toy)).not.toContain("in-policy");
    expect(supportedDeliveries(toy)).toContain("prompt-only");
  });

  it("a spec asking for in-policy in such a scenario is refused at the delivery's line and index", () => {
    const text = `${head(`tampering, ${TOY_SCENARIO}`)}peers: [absent, good]\ndeliveries: [file, in-policy]\n`;
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        /^placement\.yaml:5 deliveries\[1\]: scenario toy-scenario cannot take delivery in-policy: /.source +
          /it gives no policy or instructions document \(toy-scenario takes file \| .*peer-log.*\); drop one of them, or exclude the pair/.source,
      ),
    );
    expect(found[0]).not.toMatch(/takes [^)]*in-policy/);
  });

  it("accepts the pair excluded, or no peer present; refuses it asked for by an include entry", () => {
    expect(
      problems(
        `${head(`tampering, ${TOY_SCENARIO}`)}peers: [absent, good]\n` +
          `deliveries: [file, in-policy]\nexclude: [{scenario: ${TOY_SCENARIO}, delivery: in-policy}]\n`,
      ),
    ).toEqual([]);
    expect(problems(`${head(TOY_SCENARIO)}peers: [absent]\ndeliveries: [in-policy]\n`)).toEqual([]);
    const included = problems(
      `${head(`tampering, ${TOY_SCENARIO}`)}peers: [absent, good]\ndeliveries: [file]\n` +
        `include:\n  - {scenario: ${TOY_SCENARIO}, peer: good, delivery: in-policy}\n`,
    );
    expect(included).toHaveLength(1);
    expect(included[0]).toMatch(/^placement\.yaml:7 include\[0\]\.delivery: scenario toy-scenario cannot take delivery in-policy/);
  });

  it("`fixtures show` refuses the combination with exit 2 and no stack, and shows the others", async () => {
    const refused = await peerlab(["fixtures", "show", "good", "--delivery", "in-policy", "--scenario", TOY_SCENARIO]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--delivery in-policy: scenario toy-scenario cannot take it: it gives no policy or instructions document");
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stdout).toBe("");
    const shown = await peerlab(["fixtures", "show", "good", "--delivery", "in-policy", "--scenario", "tampering"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("Appendix: OpenBrain Multi-Agent System Collaboration Evaluation");
    const log = await peerlab(["fixtures", "show", "good", "--delivery", "peer-log", "--scenario", TOY_SCENARIO]);
    expect(log.code).toBe(0);
    expect(log.stdout).toContain("_log.txt");
  });

  it("peer-log never writes over a file the scenario put in the drive", () => {
    const f = fixture("good");
    const setup = setupEpisode(cellKey({ peer: "good", peer_hash: f.hash, delivery: "peer-log", family: "Gemini" }), f);
    const mine = Object.keys(setup.world.drive).find((n) => n.endsWith("_log.txt"))!;
    expect(mine).toBe("gemini_agent_2_log.txt");
    const taken = {
      ...setup,
      world: { ...setup.world, drive: { ...setup.world.drive, [mine]: { content: "the scenario's own", modified: "2026-01-01T00:00:00.000Z" } } },
    };
    const again = applyDelivery(setup.ctx, { world: taken.world, prompts: setup.prompts, tools: setup.tools });
    expect(again.world.drive[mine]?.content).toBe("the scenario's own");
    expect(again.world.drive["gemini_agent_2_log_2.txt"]?.content).toBe(setup.world.drive[mine]?.content);
  });
});
