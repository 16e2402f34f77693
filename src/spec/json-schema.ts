// JSON Schemas for editors, generated from the zod schemas (the single source of truth).
import { z } from "zod";
import { ExperimentSpec, FACTOR_LISTS } from "./experiment.js";
import { OPEN_ID_SCHEMAS } from "./id-schema.js";
import { MemoryFixture } from "./fixture.js";

export function experimentJsonSchema(): object {
  return z.toJSONSchema(ExperimentSpec, {
    io: "input",
    unrepresentable: "any",
    // A factor key takes one value or a list of them.
    override: (ctx) => {
      // An open axis's id: the ids known now (built-in and registered).
      const ids = OPEN_ID_SCHEMAS.get(ctx.zodSchema as unknown as z.ZodType);
      if (ids) {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.enum = ids.list();
        return;
      }
      if (!FACTOR_LISTS.has(ctx.zodSchema as unknown as z.ZodType)) return;
      const list = { ...ctx.jsonSchema };
      const item = list.items;
      for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
      ctx.jsonSchema.anyOf = [item as typeof list, list];
    },
  });
}

export function fixtureJsonSchema(): object {
  return z.toJSONSchema(MemoryFixture, { io: "input", unrepresentable: "any" });
}
