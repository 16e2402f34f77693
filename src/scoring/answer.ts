// Reading a judge's structured answer: the arguments of its submit_judgment call, or else one JSON
// object in its text (for providers or models without tool calling), validated by the job's zod schema.
import type { z } from "zod";
import type { ModelResponse } from "../models/index.js";

export const SUBMIT = "submit_judgment";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The first balanced {...} in a text, ignoring code fences and prose around it. */
export function jsonObjectIn(text: string): string | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

export function parseAnswer<S extends z.ZodType>(schema: S, response: ModelResponse): Parsed<z.infer<S>> {
  const call = response.tool_calls.find((c) => c.name === SUBMIT);
  let raw: unknown;
  if (call) raw = call.args;
  else {
    const json = jsonObjectIn(response.text);
    if (!json) return { ok: false, error: `no ${SUBMIT} call and no JSON object in the answer` };
    try {
      raw = JSON.parse(json);
    } catch (e) {
      return { ok: false, error: `the JSON object does not parse: ${(e as Error).message}` };
    }
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.join(".") || "(answer)"}: ${i.message}`).join("; ") };
}
