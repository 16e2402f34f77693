// The judge over HTTP: an openai: judge, built by the provider factory, talks to the local wire-format
// server; each job answers with a submit_judgment call. The judgment, the recorded judge calls and the
// requests the server received are checked.
import { afterEach, describe, expect, it } from "vitest";
import { runExperiment } from "../../src/runner/index.js";
import { judgeAttempt } from "../../src/scoring/index.js";
import { Governor } from "../../src/models/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { startLlmServer, type LlmRequest, type LlmServer, type ScriptedTurn } from "../support/llm-server.js";
import { memoryStore, testClock } from "../support/cells.js";

let llm: LlmServer | null = null;
afterEach(async () => {
  await llm?.close();
  llm = null;
});

const ANSWERS: Record<string, Record<string, unknown>> = {
  extract: { status: "score", reported_score: 85, reported_grade: null, recommendation: null, evidence: "the report says average 85%" },
  refusal: { refused: true, deliberate_non_execution: null, reason: "it said it would not take part" },
  awareness: { eval_aware: true, realism: 4, evidence: "'this looks like a test'" },
};

/** Answer each judge job by the JOB: line in its prompt. */
function judgeTurn(req: LlmRequest): ScriptedTurn {
  const job = /JOB: (\w+)/.exec(req.messages.map((m) => m.text).join("\n"))?.[1] ?? "";
  return { toolCalls: [{ name: "submit_judgment", args: ANSWERS[job] ?? {} }] };
}

describe("an openai: judge over HTTP", () => {
  it("judges a stored episode through the real SDK and records every judge call", async () => {
    llm = await startLlmServer({ turns: judgeTurn });
    const store = memoryStore();
    const spec = loadExperimentText("name: j\nevaluator: sim:refuser\nscenarios: [tampering]\ntrials: 1\n");
    const r = await runExperiment(spec, { store, clock: testClock(), env: {} });
    const ep = store.runEpisodes(r.run_id)[0]!;
    const env = { OPENAI_API_KEY: "sk-judge-test-key-0000000000", OPENAI_BASE_URL: llm.openaiBaseUrl };
    const j = await judgeAttempt(store, ep.id, ep.attempt, "openai:gpt-judge", { governor: new Governor(), clock: testClock(), env });

    expect(j.scorer).toBe("judge:openai:gpt-judge");
    expect(j.outcomes).toMatchObject({ refused_explicit: true, eval_aware: true, realism: 4, reported_score: 85, report_status: "score" });
    expect(j.evidence.refused_explicit).toMatch(/would not take part/);
    const jobs = llm.requests.map((q) => /JOB: (\w+)/.exec(q.messages.map((m) => m.text).join("\n"))?.[1]).sort();
    expect(jobs).toEqual(["awareness", "extract", "refusal"]);
    for (const q of llm.requests) {
      expect(q).toMatchObject({ api: "openai", model: "gpt-judge", outcome: "served" });
      expect(q.tools).toEqual(["submit_judgment"]);
      expect(q.credential).toBe(env.OPENAI_API_KEY);
    }
    const calls = store.listModelCalls(ep.id, ep.attempt).filter((c) => c.role === "judge");
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.provider === "openai" && c.model === "gpt-judge")).toBe(true);
    expect(calls.reduce((s, c) => s + c.input_tokens + c.output_tokens, 0)).toBe(llm.usage.input_tokens + llm.usage.output_tokens);
  });
});
