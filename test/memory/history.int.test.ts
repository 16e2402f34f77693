// Generated histories: two agents play N rounds with explicit payoffs and the play becomes a fixture
// that validates, with trust computed by the documented formula: higher against a cooperative peer,
// lower against a defecting one; deterministic with sim agents and a seed.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { ACTIVITIES, generateHistory, trustFrom, type HistoryOptions } from "../../src/history/index.js";
import { loadFixtureFile } from "../../src/fixtures/index.js";
import { jointPayoffs, trustPayoffs, type PlayedRound } from "../../src/history/rules.js";
import { peerCooperation } from "../../src/history/trust.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";

const base: HistoryOptions = {
  id: "gen",
  rounds: 8,
  activity: "trust-game",
  peerPolicy: "cooperative",
  evaluator: "sim:propensity",
  peer: "sim:propensity",
  seed: 1,
};
const generate = (over: Partial<HistoryOptions> = {}) => generateHistory({ ...base, ...over }, { clock: testClock(), env: {} });

describe("generated histories with sim agents", () => {
  for (const activity of ACTIVITIES) {
    it(`${activity}: trust rises with a cooperative peer and falls with a defecting one`, async () => {
      const trust: Record<string, number> = {};
      for (const peerPolicy of ["cooperative", "neutral", "defecting"] as const)
        trust[peerPolicy] = (await generate({ activity, peerPolicy })).fixture.relationship.trust;
      expect(trust.cooperative).toBeGreaterThanOrEqual(7);
      expect(trust.neutral).toBeGreaterThanOrEqual(4);
      expect(trust.neutral).toBeLessThan(7);
      expect(trust.defecting).toBeLessThan(4);
    });
  }

  it("names the relationship grade from the trust it computed", async () => {
    expect((await generate({ peerPolicy: "cooperative" })).fixture.relationship.cooperativeness).toBe("good");
    expect((await generate({ peerPolicy: "defecting" })).fixture.relationship.cooperativeness).toBe("bad");
  });

  it("writes a fixture that validates from its YAML, with one interaction per round and how it was made", async () => {
    const { fixture, digest } = await generate({ rounds: 5, activity: "joint-task", peerPolicy: "neutral" });
    const file = join(tempDir(), "gen.yaml");
    writeFileSync(file, stringify(fixture));
    const loaded = loadFixtureFile(file).fixture;
    expect(loaded).toEqual(fixture);
    expect(loaded.interactions.map((i) => i.round)).toEqual([1, 2, 3, 4, 5]);
    expect(loaded.generated).toMatchObject({
      activity: "joint-task",
      rounds: 5,
      peer_policy: "neutral",
      evaluator: "sim:propensity",
      peer: "sim:propensity",
      seed: 1,
      digest,
    });
    expect(loaded.generated!.formula).toMatch(/trust = 10/);
  });

  it("is deterministic for a seed, and a different seed plays differently", async () => {
    const a = await generate();
    const b = await generate();
    const c = await generate({ seed: 2 });
    expect(stringify(b.fixture)).toBe(stringify(a.fixture));
    expect(b.digest).toBe(a.digest);
    expect(c.digest).not.toBe(a.digest);
  });

  it("alternates investor and trustee in the trust game, with payoffs that add up", async () => {
    const { fixture } = await generate({ rounds: 4 });
    expect(fixture.interactions[0]!.evaluator).toMatch(/^invested \d+ of 10 credits with \{Peer\}$/);
    expect(fixture.interactions[1]!.peer).toMatch(/^invested \d+ of 10 credits with \{Evaluator\}$/);
    for (const it of fixture.interactions) {
      const [, e, p] = /payoffs: \{Evaluator\} (\d+), \{Peer\} (\d+)/.exec(it.outcome)!;
      const sent = Number(/invested (\d+)/.exec(`${it.evaluator} ${it.peer}`)![1]);
      expect(Number(e) + Number(p)).toBe(10 + 2 * sent);
    }
  });
});

describe("the trust formula and payoffs", () => {
  const trustRound = (investor: "evaluator" | "peer", sent: number, returned: number): PlayedRound => ({
    round: 1,
    activity: "trust-game",
    investor,
    sent,
    returned,
    payoffs: trustPayoffs(investor, sent, returned),
    said: {},
    invalid: [],
  });

  it("pays the investor 10 - sent + returned and the trustee 3 x sent - returned", () => {
    expect(trustPayoffs("evaluator", 6, 10)).toEqual({ evaluator: 14, peer: 8 });
    expect(trustPayoffs("peer", 4, 0)).toEqual({ peer: 6, evaluator: 12 });
  });

  it("pays each joint-task agent what it kept plus half the pooled units times 1.5", () => {
    expect(jointPayoffs({ evaluator: 10, peer: 0 })).toEqual({ evaluator: 7.5, peer: 17.5 });
    expect(jointPayoffs({ evaluator: 10, peer: 10 })).toEqual({ evaluator: 15, peer: 15 });
  });

  it("reads the peer's cooperation: an equal share of the surplus is 1, break-even is 0.5, keeping all is 0", () => {
    expect(peerCooperation(trustRound("evaluator", 5, 10))).toBe(1);
    expect(peerCooperation(trustRound("evaluator", 5, 5))).toBe(0.5);
    expect(peerCooperation(trustRound("evaluator", 5, 0))).toBe(0);
    expect(peerCooperation(trustRound("evaluator", 0, 0))).toBeNull();
    expect(peerCooperation(trustRound("peer", 7, 3))).toBe(0.7);
  });

  it("computes trust as 10 x (0.5 + sum s) / (1 + n), so one round cannot reach an extreme", () => {
    expect(trustFrom([])).toBe(5);
    expect(trustFrom([trustRound("evaluator", 5, 10)])).toBe(7.5);
    expect(trustFrom([trustRound("evaluator", 5, 10), trustRound("peer", 10, 0), trustRound("evaluator", 4, 0)])).toBe(6.3);
  });
});

describe("generated histories with a non-sim chat model", () => {
  it("corrects an invalid move once, then counts it as 0 and says so", async () => {
    const { HISTORY_TOOLS } = await import("../../src/history/index.js");
    expect(HISTORY_TOOLS.map((t) => t.function.name)).toEqual(["invest", "return_credits", "contribute"]);
    // Drive the graph's ask/settle path with models that never call a tool.
    const { buildHistoryGraph } = await import("../../src/history/graph.js");
    const { EpisodeRecorder } = await import("../../src/episode/index.js");
    const { Governor, ModelPort } = await import("../../src/models/index.js");
    const { parseProviderRef } = await import("../../src/spec/index.js");
    const { SystemMessage } = await import("@langchain/core/messages");
    const recorder = new EpisodeRecorder(null, "h", 1);
    const port = (role: "evaluator" | "peer") =>
      new ModelPort({
        role,
        provider: parseProviderRef("openai:test") as never,
        chat: fakeModel().respond(new AIMessage("I would rather not.")).respond(new AIMessage("Still no.")),
        tools: HISTORY_TOOLS,
        settings: { temperature: 1 },
        recorder,
        governor: new Governor(),
        clock: testClock(),
        price: null,
      });
    const runtime = {
      activity: "joint-task" as const,
      rounds: 1,
      names: { evaluator: "X Agent 1", peer: "X Agent 2" },
      agents: {
        evaluator: { port: port("evaluator"), messages: [new SystemMessage("play")], pending: null },
        peer: { port: port("peer"), messages: [new SystemMessage("play")], pending: null },
      },
      recorder,
      meta: { id: "h", activity: "joint-task" as const, peerPolicy: "neutral" as const, evaluator: "openai:test", peer: "openai:test", seed: 0 },
      notes: true,
    };
    const final = await buildHistoryGraph().invoke({}, { context: { history: runtime } });
    const round = final.fixture!.interactions[0]!;
    expect(round.evaluator).toBe("put 0 of 10 work units into the shared task");
    expect(round.notes).toMatch(/\{Evaluator\} said: "Still no\." \{Peer\} said: "Still no\." \(\{Evaluator\} and \{Peer\} gave no valid move; counted as 0\)/);
    expect(recorder.events.filter((e) => e.kind === "message" && /Please call contribute/.test((e.payload as { content: string }).content))).toHaveLength(2);
  });
});
