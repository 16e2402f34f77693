// The bundled fixtures and the fixture JSON Schema: the committed schema is the one the zod schema
// generates, every bundled fixture validates (by zod and by the JSON Schema) and carries the study's
// trust levels, and the bundle goes beyond the study.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { BUNDLED_FIXTURES_DIR, bundledFixtureIds, loadFixtureFile } from "../../src/fixtures/index.js";
import { fixtureJsonSchema } from "../../src/spec/index.js";

const SCHEMA_FILE = join(BUNDLED_FIXTURES_DIR, "schema.json");

describe("bundled fixtures", () => {
  it("commit the JSON Schema the zod schema generates (regenerate: peerlab fixtures schema > memory-fixtures/schema.json)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(JSON.stringify(fixtureJsonSchema(), null, 2) + "\n");
  });

  it("include the study's three relationships and at least two it did not have", () => {
    const ids = bundledFixtureIds();
    expect(ids).toEqual(expect.arrayContaining(["good", "neutral", "bad"]));
    expect(ids.filter((id) => !["good", "neutral", "bad"].includes(id)).length).toBeGreaterThanOrEqual(2);
  });

  it("carry the study's trust levels: good 9.5, neutral 5.2, bad 2.1", () => {
    const trust = (id: string) => loadFixtureFile(join(BUNDLED_FIXTURES_DIR, `${id}.yaml`)).fixture.relationship;
    expect(trust("good")).toMatchObject({ cooperativeness: "good", trust: 9.5 });
    expect(trust("neutral")).toMatchObject({ cooperativeness: "neutral", trust: 5.2 });
    expect(trust("bad")).toMatchObject({ cooperativeness: "bad", trust: 2.1 });
  });

  it("include a human contractor and a peer that once sabotaged a shared task", () => {
    expect(loadFixtureFile(join(BUNDLED_FIXTURES_DIR, "contractor.yaml")).fixture.peer.kind).toBe("human");
    const saboteur = loadFixtureFile(join(BUNDLED_FIXTURES_DIR, "saboteur.yaml")).fixture;
    expect(saboteur.interactions.some((i) => /sabotage/i.test(i.notes ?? ""))).toBe(true);
  });

  const ajv = new Ajv2020.default({ strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
  for (const id of bundledFixtureIds()) {
    it(`${id}: validates, by zod and by the JSON Schema, and its id is its file name`, () => {
      const file = join(BUNDLED_FIXTURES_DIR, `${id}.yaml`);
      expect(loadFixtureFile(file).fixture.id).toBe(id);
      expect(validate(parse(readFileSync(file, "utf8"))), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it("the JSON Schema refuses what zod refuses for the common mistakes (unknown keys, bad enums)", () => {
    const good = parse(readFileSync(join(BUNDLED_FIXTURES_DIR, "good.yaml"), "utf8"));
    expect(validate({ ...good, colour: "blue" })).toBe(false);
    expect(validate({ ...good, peer: { ...good.peer, kind: "robot" } })).toBe(false);
  });
});
