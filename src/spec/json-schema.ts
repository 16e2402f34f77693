// JSON Schemas for editors, generated from the zod schemas (the single source of truth).
import { z } from "zod";
import { ExperimentSpec } from "./experiment.js";
import { MemoryFixture } from "./fixture.js";

export function experimentJsonSchema(): object {
  return z.toJSONSchema(ExperimentSpec, { io: "input", unrepresentable: "any" });
}

export function fixtureJsonSchema(): object {
  return z.toJSONSchema(MemoryFixture, { io: "input", unrepresentable: "any" });
}
