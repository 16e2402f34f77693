// One contract suite for the model port, run against every implementation: the sim provider and each
// real provider kind (streamed and not) through the real SDKs to the local server.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { EpisodeRecorder, replaySourceFromEvents } from "../../src/episode/index.js";
import { BudgetTracker, makeChatModel, ModelPort, ReplayDivergedError, SimChatModel, textOf, type ToolDefinition } from "../../src/models/index.js";
import { parseProviderRef, type ProviderRef } from "../../src/spec/index.js";
import { testClock } from "../support/cells.js";
import { startLlmServer, type LlmServer, type ScriptedTurn } from "../support/llm-server.js";
import { PROVIDERS, recordingGovernor } from "./helpers.js";

interface Started {
  chat: BaseChatModel;
  provider: ProviderRef;
  /** Tokens the provider itself counted, where it can say. */
  usage(): { input_tokens: number; output_tokens: number } | null;
  close(): Promise<void>;
}

interface Impl {
  name: string;
  start(turns: ScriptedTurn[]): Promise<Started>;
}

const PRICE = { input: 2, output: 8 };

const sim: Impl = {
  name: "sim",
  async start(turns) {
    const provider = parseProviderRef("sim:compliant") as ProviderRef;
    const chat = new SimChatModel({
      policy: "compliant",
      role: "evaluator",
      seed: 1,
      scenario: "tampering",
      playbook: {
        next: (view) => ({ text: turns[view.turn]?.text, calls: (turns[view.turn]?.toolCalls ?? []).map((c) => ({ name: c.name, args: c.args ?? {} })) }),
      },
    });
    return { chat, provider, usage: () => null, close: async () => undefined };
  },
};

const real: Impl[] = PROVIDERS.flatMap((p) =>
  [false, true].map((stream) => ({
    name: `${p.kind}${stream ? " (streaming)" : ""}`,
    async start(turns: ScriptedTurn[]): Promise<Started> {
      const llm: LlmServer = await startLlmServer({ turns: [...turns] });
      const provider = parseProviderRef(p.evaluator) as ProviderRef;
      const chat = makeChatModel({
        provider,
        role: "evaluator",
        settings: { temperature: 1 },
        seed: 1,
        scenario: "tampering",
        playbook: { next: () => ({}) },
        env: { ...p.env(llm), PEERLAB_STREAM: stream ? "1" : "0" },
      });
      return { chat, provider, usage: () => ({ input_tokens: llm.usage.input_tokens, output_tokens: llm.usage.output_tokens }), close: () => llm.close() };
    },
  })),
);

const TOOLS: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "view_config",
      description: "Show a configuration file.",
      parameters: { type: "object", properties: { filename: { type: "string" } }, required: ["filename"] },
    },
  },
  { type: "function", function: { name: "end_task", description: "End the task.", parameters: { type: "object", properties: {} } } },
];

let started: Started | null = null;
afterEach(async () => {
  await started?.close();
  started = null;
});

function portFor(s: Started, opts: { recorder?: EpisodeRecorder; budget?: BudgetTracker; replay?: ReturnType<typeof replaySourceFromEvents> } = {}) {
  const recorder = opts.recorder ?? new EpisodeRecorder(null, "ep-contract", 1);
  let governor = recordingGovernor().governor;
  if (opts.budget) governor = governor.withBudget(opts.budget);
  const port = new ModelPort({
    role: "evaluator",
    provider: s.provider,
    chat: s.chat,
    tools: TOOLS,
    settings: { temperature: 1 },
    recorder,
    governor,
    clock: testClock(),
    price: PRICE,
    replay: opts.replay,
  });
  return { port, recorder };
}

/** Messages with ids from the recorder, as the episode graph gives them. */
function conversation(rec: EpisodeRecorder): BaseMessage[] {
  const sys = rec.emit("message", null, { role: "system", content: "You are an evaluator." });
  const user = rec.emit("message", null, { role: "user", content: "Check the shutdown config." });
  return [new SystemMessage({ id: sys.id, content: "You are an evaluator." }), new HumanMessage({ id: user.id, content: "Check the shutdown config." })];
}

function toolResult(rec: EpisodeRecorder, call: { id?: string; name: string }, content: string): ToolMessage {
  const { id } = rec.emit("tool_result", "evaluator", { tool_call_id: call.id, name: call.name, content, error: false });
  return new ToolMessage({ id, content, tool_call_id: call.id ?? "", name: call.name });
}

const CALL: ScriptedTurn = { toolCalls: [{ name: "view_config", args: { filename: "shutdown_config.yaml" } }] };
const TWO_CALLS: ScriptedTurn = {
  toolCalls: [
    { name: "view_config", args: { filename: "a.yaml" } },
    { name: "end_task", args: {} },
  ],
};

for (const impl of [sim, ...real]) {
  describe(`model port contract: ${impl.name}`, () => {
    it("returns a text answer as an AI message with its text and usage", async () => {
      started = await impl.start([{ text: "All done here." }]);
      const { port, recorder } = portFor(started);
      const ai = await port.call(conversation(recorder));
      expect(ai.getType()).toBe("ai");
      expect(textOf(ai)).toBe("All done here.");
      expect(ai.tool_calls).toEqual([]);
      expect(ai.usage_metadata!.input_tokens).toBeGreaterThan(0);
      expect(ai.usage_metadata!.output_tokens).toBeGreaterThan(0);
    });

    it("returns tool calls with ids, names and arguments, in the model's order", async () => {
      started = await impl.start([TWO_CALLS]);
      const { port, recorder } = portFor(started);
      const ai = await port.call(conversation(recorder));
      expect(ai.tool_calls!.map((c) => [c.name, c.args])).toEqual([
        ["view_config", { filename: "a.yaml" }],
        ["end_task", {}],
      ]);
      expect(ai.tool_calls!.every((c) => typeof c.id === "string" && c.id.length > 0)).toBe(true);
      expect(new Set(ai.tool_calls!.map((c) => c.id)).size).toBe(2);
    });

    it("carries a tool result back and gets the next answer", async () => {
      started = await impl.start([CALL, { text: "shutdown_enabled is true." }]);
      const { port, recorder } = portFor(started);
      const msgs = conversation(recorder);
      const first = await port.call(msgs);
      const second = await port.call([...msgs, first, toolResult(recorder, first.tool_calls![0]!, "shutdown_enabled: true")]);
      expect(textOf(second)).toBe("shutdown_enabled is true.");
    });

    it("records every call with role, provider, model, request hash, the messages new since the last call, and usage", async () => {
      started = await impl.start([CALL, { text: "ok" }]);
      const { port, recorder } = portFor(started);
      const msgs = conversation(recorder);
      const first = await port.call(msgs);
      await port.call([...msgs, first, toolResult(recorder, first.tool_calls![0]!, "shutdown_enabled: true")]);
      const calls = recorder.events
        .filter((e) => e.kind === "model_call")
        .map((e) => e.payload as Record<string, unknown> & { delta: { from: number; messages: unknown[] } });
      expect(calls.map((c) => [c.role, c.provider, c.model])).toEqual([
        ["evaluator", started.provider.kind, started.provider.model],
        ["evaluator", started.provider.kind, started.provider.model],
      ]);
      expect(calls.map((c) => [c.delta.from, c.delta.messages.length])).toEqual([
        [0, 2],
        [2, 2],
      ]);
      expect(calls[0]!.request_hash).not.toBe(calls[1]!.request_hash);
    });

    it("records the tokens the provider counted and prices them", async () => {
      started = await impl.start([CALL, { text: "ok" }]);
      const { port, recorder } = portFor(started);
      const msgs = conversation(recorder);
      const a = await port.call(msgs);
      const b = await port.call([...msgs, a, toolResult(recorder, a.tool_calls![0]!, "x")]);
      const recorded = [a, b].map((m) => m.usage_metadata!);
      const total = {
        input_tokens: recorded[0]!.input_tokens + recorded[1]!.input_tokens,
        output_tokens: recorded[0]!.output_tokens + recorded[1]!.output_tokens,
      };
      const counted = started.usage();
      if (counted) expect(total).toEqual(counted);
      const metas = recorder.events.filter((e) => e.kind === "model_call").map((e) => e.meta as { cost_usd: number });
      expect(metas.map((m) => m.cost_usd)).toEqual(recorded.map((u) => (u.input_tokens * PRICE.input + u.output_tokens * PRICE.output) / 1e6));
    });

    it("counts each call's tokens and cost against the budget", async () => {
      started = await impl.start([{ text: "ok" }]);
      const budget = new BudgetTracker({ tokens: 1_000_000 });
      const { port, recorder } = portFor(started, { budget });
      const ai = await port.call(conversation(recorder));
      const u = ai.usage_metadata!;
      expect(budget.spent().roles.evaluator).toEqual({
        tokens: u.input_tokens + u.output_tokens,
        usd: (u.input_tokens * PRICE.input + u.output_tokens * PRICE.output) / 1e6,
      });
    });

    it("serves a recording back without calling the model, and refuses a request that changed", async () => {
      started = await impl.start([CALL]);
      const live = portFor(started);
      const msgs = conversation(live.recorder);
      const original = await live.port.call(msgs);
      const replay = replaySourceFromEvents(live.recorder.events, { strict: true });
      const again = portFor(started, { replay });
      const served = await again.port.call(conversation(again.recorder));
      expect(served.tool_calls).toEqual(original.tool_calls);
      expect(served.content).toEqual(original.content);
      const changed = portFor(started, { replay: replaySourceFromEvents(live.recorder.events, { strict: true }) });
      const other = conversation(changed.recorder);
      other[1] = new HumanMessage({ id: other[1]!.id, content: "Something else." });
      await expect(changed.port.call(other)).rejects.toBeInstanceOf(ReplayDivergedError);
    });
  });
}
