// The zod schema of an open axis's id (scenario, delivery, provider kind): it checks the axis's
// `OpenIds` when it parses, so an id registered at run time is accepted like a built-in one, and the
// JSON Schema for editors lists the ids known when it is generated.
import { z } from "zod";
import { describeValue } from "./issues.js";
import type { OpenIds } from "./vocabulary.js";

/** The open-id schemas and their id sets, for the JSON Schema generator. */
export const OPEN_ID_SCHEMAS = new WeakMap<z.ZodType, OpenIds<string>>();

/** An id of an open axis; `what` starts the error message ("a delivery:" gives "expected a delivery: file | … , got …"). */
export function openIdSchema<T extends string>(ids: OpenIds<T>, what: string): z.ZodType<T, T> {
  const schema = z.custom<T>((v) => typeof v === "string" && ids.has(v), {
    error: (iss) => `expected ${what} ${ids.list().join(" | ")}, got ${describeValue(iss.input)}`,
  });
  OPEN_ID_SCHEMAS.set(schema, ids);
  return schema;
}
