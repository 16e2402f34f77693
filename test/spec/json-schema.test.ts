import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { experimentJsonSchema } from "../../src/spec/index.js";

describe("experiment JSON Schema", () => {
  it("is committed as experiments/schema.json exactly as generated from the zod schema", () => {
    expect(JSON.parse(readFileSync("experiments/schema.json", "utf8"))).toEqual(experimentJsonSchema());
  });

  it("accepts the bundled demo and one value where a factor list is allowed, and rejects an unknown key", () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(experimentJsonSchema());
    expect(validate(parse(readFileSync("experiments/demo.yaml", "utf8")))).toBe(true);
    expect(validate({ name: "x", evaluator: "sim:compliant", scenarios: "tampering", targets: "self" })).toBe(true);
    expect(validate({ name: "x", evaluator: "sim:compliant", scenarios: ["tampering"], trails: 3 })).toBe(false);
  });
});
