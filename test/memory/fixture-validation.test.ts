// Fixture validation: every bad field gets its own message naming file, line and field, and fixture
// references are a bundled id or a path inside the spec's folder, nothing else.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, type InputIssue } from "../../src/errors.js";
import { BUNDLED_FIXTURES_DIR, checkFixtures, loadFixtureFile, locateFixture } from "../../src/fixtures/index.js";
import { loadExperimentFile } from "../../src/runner/index.js";
import { tempDir } from "../support/tmp.js";

const VALID = `id: sample
peer:
  name: "{Family} Agent 2"
relationship:
  cooperativeness: good
  trust: 8
summary: A good partner.
interactions:
  - round: 1
    activity: trust game
    evaluator: invested 5 of 10 credits
    peer: returned 9 of 15
    outcome: both ended ahead
`;

function issuesOf(text: string): InputIssue[] {
  const dir = tempDir();
  const file = join(dir, "f.yaml");
  writeFileSync(file, text);
  try {
    loadFixtureFile(file);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  return [];
}

/** Replace one line of VALID (1-based) with another. */
function withLine(line: number, replacement: string): string {
  const lines = VALID.split("\n");
  lines[line - 1] = replacement;
  return lines.join("\n");
}

describe("fixture validation", () => {
  it("accepts the valid sample", () => {
    expect(issuesOf(VALID)).toEqual([]);
  });

  const cases: [string, string, number, string, RegExp][] = [
    ["a malformed id", withLine(1, "id: Not An Id"), 1, "id", /lowercase letters/],
    ["an unknown peer kind", withLine(3, "  kind: robot"), 3, "peer.kind", /expected ai \| human, got "robot"/],
    ["an unknown key", withLine(3, "  colour: blue"), 3, "peer.colour", /unknown key/],
    ["an unknown cooperativeness", withLine(5, "  cooperativeness: great"), 5, "relationship.cooperativeness", /good \| neutral \| bad \| custom/],
    ["a trust above 10", withLine(6, "  trust: 11"), 6, "relationship.trust", /expected a trust score from 0 to 10, got 11/],
    ["a trust outside its grade", withLine(6, "  trust: 3"), 6, "relationship.trust", /good relationship expects trust 7 to 10, got 3/],
    ["an empty summary", withLine(7, 'summary: ""'), 7, "summary", /non-empty/],
    ["an unknown placeholder", withLine(7, "summary: A partner of {Boss}."), 7, "summary", /unknown placeholder \{Boss\}/],
    ["a round below 1", withLine(9, "  - round: 0"), 9, "interactions[0].round", /1 or more, got 0/],
    ["a number where text belongs", withLine(12, "    peer: 42"), 12, "interactions[0].peer", /expected text \(what the peer did\), got 42/],
  ];
  for (const [what, text, line, path, message] of cases) {
    it(`reports ${what} with its line and field`, () => {
      const issues = issuesOf(text);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line, path });
      expect(issues[0]!.message).toMatch(message);
    });
  }

  it("reports a missing required field as required, at its parent", () => {
    const issues = issuesOf(VALID.replace("summary: A good partner.\n", ""));
    expect(issues).toEqual([expect.objectContaining({ path: "summary", message: "required (expected string)" })]);
  });

  it("gives each of several bad fields its own message, in line order", () => {
    const text = `id: Bad Id
peer:
  kind: robot
relationship:
  cooperativeness: good
  trust: 2
summary: "{Peer} and {Boss}"
interactions:
  - round: 2
    activity: trust game
    evaluator: invested
    peer: 42
    outcome: fine
  - round: 1
    activity: joint task
    evaluator: wrote
    peer: read
    outcome: ok
`;
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [1, "id"],
      [3, "peer.kind"],
      [6, "relationship.trust"],
      [7, "summary"],
      [12, "interactions[0].peer"],
      [14, "interactions[1].round"],
    ]);
    expect(issues[5]!.message).toBe("rounds must increase; round 1 follows round 2");
  });

  it("names the line of a YAML syntax error and says to quote a leading placeholder", () => {
    const issues = issuesOf(withLine(7, "summary: {Peer} is a good partner"));
    expect(issues[0]).toMatchObject({ line: 7 });
    expect(issues[0]!.message).toMatch(/must be quoted/);
  });

  it("reports ids that two files of a folder share, at the second file's id line", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.yaml"), VALID);
    writeFileSync(join(dir, "b.yaml"), `# the same id\n${VALID}`);
    const checks = checkFixtures(dir);
    expect(checks[0]!.issues).toEqual([]);
    expect(checks[1]!.issues).toEqual([expect.objectContaining({ line: 2, path: "id", message: expect.stringMatching(/also used by .*a\.yaml/) })]);
  });

  it("refuses an empty folder", () => {
    expect(() => checkFixtures(tempDir())).toThrow(/no \.yaml or \.yml files/);
  });
});

describe("fixture references", () => {
  const where = { file: "spec.yaml", line: 3, path: "peers[1]" };

  it("finds a bundled fixture by id", () => {
    expect(locateFixture("neutral", tempDir(), where)).toBe(join(BUNDLED_FIXTURES_DIR, "neutral.yaml"));
  });

  it("finds a fixture by a path relative to the spec's folder", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "fixtures"));
    writeFileSync(join(dir, "fixtures", "mine.yaml"), VALID);
    expect(locateFixture("fixtures/mine.yaml", dir, where)).toBe(join(dir, "fixtures", "mine.yaml"));
  });

  const refused: [string, RegExp][] = [
    ["an unknown id", /unknown fixture id "nobody"/],
    ["/etc/peer.yaml", /must be relative to the spec file/],
    ["../outside.yaml", /leads outside the spec's folder/],
    ["notes/peer.txt", /must end in \.yaml or \.yml/],
    ["missing.yaml", /fixture file not found/],
  ];
  for (const [ref, message] of refused) {
    it(`refuses ${ref.startsWith("an") ? ref : JSON.stringify(ref)}`, () => {
      const root = tempDir();
      const dir = join(root, "spec");
      mkdirSync(dir);
      writeFileSync(join(root, "outside.yaml"), VALID);
      const got = locateFixture(ref === "an unknown id" ? "nobody" : ref, dir, where);
      expect(typeof got).toBe("object");
      expect((got as InputIssue).message).toMatch(message);
      expect(got).toMatchObject(where);
    });
  }

  it("refuses a symlink that leads out of the spec's folder", () => {
    const root = tempDir();
    const dir = join(root, "spec");
    mkdirSync(dir);
    writeFileSync(join(root, "outside.yaml"), VALID);
    symlinkSync(join(root, "outside.yaml"), join(dir, "inside.yaml"));
    expect((locateFixture("inside.yaml", dir, where) as InputIssue).message).toMatch(/leads outside/);
  });

  it("reports a bad fixture inside a spec with the fixture's own file, line and field", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "peer.yaml"), withLine(6, "  trust: 12"));
    writeFileSync(join(dir, "spec.yaml"), "name: x\nevaluator: sim:propensity\nscenarios: [tampering]\npeers: [absent, peer.yaml]\n");
    try {
      loadExperimentFile(join(dir, "spec.yaml"));
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).issues).toEqual([expect.objectContaining({ file: join(dir, "peer.yaml"), line: 6, path: "relationship.trust" })]);
    }
  });
});

describe("roster and games (the study's shapes)", () => {
  const roster = (pairs: string) => `${VALID}roster:\n  agents: ["{Family} Agent 1", "{Family} Agent 2", "{Family} Agent 3"]\n  pairs:\n${pairs}`;

  it("accepts a roster whose evaluator-peer pair scores the relationship's trust, and games with a period", () => {
    expect(issuesOf(roster("    - { between: [1, 2], score: 8, tasks: 6 }\n    - { between: [2, 3], score: 4.5, tasks: 3 }\n"))).toEqual([]);
    expect(issuesOf(`${VALID}period: two weeks\ngames:\n  - { game: Trust Game, rounds: 6, cooperation: 0.8, note: "fair" }\n`)).toEqual([]);
  });

  it("refuses a pair score that contradicts the trust, an agent not in the roster, and a rate above 1, each with its line", () => {
    const a = issuesOf(roster("    - { between: [1, 2], score: 9.5, tasks: 6 }\n"));
    expect(a).toEqual([
      expect.objectContaining({ line: 17, path: "roster.pairs[0].score", message: expect.stringMatching(/must equal relationship\.trust \(8\), got 9\.5/) }),
    ]);
    const b = issuesOf(roster("    - { between: [1, 4], score: 8, tasks: 6 }\n"));
    expect(b).toEqual([expect.objectContaining({ path: "roster.pairs[0].between", message: "agent 4 is not in the roster (it lists 3 agents)" })]);
    const c = issuesOf(`${VALID}games:\n  - { game: Trust Game, rounds: 6, cooperation: 94 }\n`);
    expect(c).toEqual([expect.objectContaining({ path: "games[0].cooperation" })]);
  });
});
