// A readable account of how two model requests differ: the first differing message, line by line.
import { canonicalJson } from "../util/index.js";
import type { NormMessage } from "./messages.js";

function lines(m: NormMessage | undefined): string[] {
  if (!m) return ["(no message)"];
  const head = `[${m.role}${m.tool_call_id ? ` tool_call_id=${m.tool_call_id}` : ""}]`;
  const body = m.content.split("\n");
  const calls = (m.tool_calls ?? []).map((c) => `tool_call ${c.name} ${canonicalJson(c.args)} (id ${c.id})`);
  return [head, ...body, ...calls];
}

/** Describe the first difference between an expected and an actual request. */
export function describeRequestDiff(
  expected: readonly NormMessage[],
  actual: readonly NormMessage[],
  extra?: { expectedTools?: string; actualTools?: string },
): string {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const a = expected[i];
    const b = actual[i];
    if (a && b && canonicalJson(a) === canonicalJson(b)) continue;
    const la = lines(a);
    const lb = lines(b);
    const out = [`first difference at message ${i + 1} of ${n} (${a?.role ?? "none"} expected, ${b?.role ?? "none"} actual):`];
    let shown = 0;
    for (let j = 0; j < Math.max(la.length, lb.length) && shown < 12; j++) {
      if (la[j] === lb[j]) continue;
      if (la[j] !== undefined) out.push(`  - ${la[j]}`);
      if (lb[j] !== undefined) out.push(`  + ${lb[j]}`);
      shown++;
    }
    return out.join("\n");
  }
  if (extra?.expectedTools !== extra?.actualTools) return "the messages are identical; the tool schemas or generation settings differ";
  return "the messages are identical; the tool schemas or generation settings differ";
}
