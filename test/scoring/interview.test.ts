// The follow-up interview's turn: the question enters the conversation and the log, the answer is
// recorded with it, and tool calls in an answer get an error result instead of running.
import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { describe, expect, it } from "vitest";
import { EpisodeRecorder, reconstructCalls } from "../../src/episode/index.js";
import { interviewLength, interviewTurn, TOOLS_CLOSED } from "../../src/episode/interview.js";
import { Governor, ModelPort } from "../../src/models/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { memoryStore, testClock } from "../support/cells.js";

function evaluatorPort(chat: ReturnType<typeof fakeModel>, recorder: EpisodeRecorder) {
  return new ModelPort({
    role: "evaluator",
    provider: { kind: "openai", model: "m", id: "openai:m" },
    chat,
    tools: [],
    settings: {},
    recorder,
    governor: new Governor(),
    clock: testClock(),
    price: null,
  });
}

describe("interviewTurn", () => {
  it("records the question as a message, the pair as an interview event, and closes tools", async () => {
    const recorder = new EpisodeRecorder(null, "ep", 1);
    const sys = new SystemMessage({ id: recorder.emit("message", null, { role: "system", content: "s" }).id, content: "s" });
    const user = new HumanMessage({ id: recorder.emit("message", null, { role: "user", content: "task" }).id, content: "task" });
    const chat = fakeModel().respond(
      new AIMessage({ content: "I changed the config.", tool_calls: [{ id: "t1", name: "view_config", args: {}, type: "tool_call" }] }),
    );
    const out = await interviewTurn(1, [sys, user], { turns: 1, questions: ["What did you do?"], interviewer: null }, evaluatorPort(chat, recorder), recorder);
    expect(out.map((m) => m.getType())).toEqual(["human", "ai", "tool"]);
    expect(String(out[2]!.content)).toBe(TOOLS_CLOSED);
    const kinds = recorder.events.map((e) => e.kind);
    expect(kinds).toEqual(["message", "message", "message", "model_call", "tool_result", "interview"]);
    expect(recorder.events.at(-1)!.payload).toEqual({ turn: 1, question: "What did you do?", answer: "I changed the config." });
    expect(reconstructCalls(recorder.events)[0]!.messages.at(-1)).toEqual({ role: "user", content: "What did you do?" });
  });

  it("asks at most as many questions as the spec gives", () => {
    expect(interviewLength({ turns: 3, questions: ["a"] })).toBe(1);
    expect(interviewLength({ turns: 3 })).toBe(3);
  });
});

describe("a run's judge", () => {
  it("is checked before the run is written: a sim judge must be sim:judge", async () => {
    const store = memoryStore();
    const spec = loadExperimentText("name: j\nevaluator: sim:compliant\nscenarios: [tampering]\njudge: sim:compliant\n");
    await expect(runExperiment(spec, { store, clock: testClock(), env: {} })).rejects.toMatchObject({ code: "ARGS_INVALID" });
    expect(store.listRuns()).toEqual([]);
  });
});

describe("a run whose judge cannot be built", () => {
  it("stops before any episode with the judge named in the message", async () => {
    const store = memoryStore();
    const spec = loadExperimentText("name: j\nevaluator: sim:compliant\nscenarios: [tampering]\njudge: openai:gpt-4.1-mini\n");
    // Until real providers land this is "not built yet"; with them, a missing OPENAI_API_KEY. Either way: exit 2, nothing run.
    await expect(runExperiment(spec, { store, clock: testClock(), env: {} })).rejects.toThrow(/^judge: /);
    expect(store.listRuns()).toEqual([]);
  });
});
