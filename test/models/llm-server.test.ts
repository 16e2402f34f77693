// The local LLM server itself, driven by the raw SDKs (openai and the top-level @anthropic-ai/sdk):
// both wire formats streamed and not, its token count, its rules, its shutdown; and how peerlab
// classifies the errors the SDKs raise for each injected fault.
import Anthropic from "@anthropic-ai/sdk";
import { ChatAnthropic } from "@langchain/anthropic";
import { ChatOpenAICompletions } from "@langchain/openai";
import { HumanMessage } from "@langchain/core/messages";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { retryInfoOf } from "../../src/models/index.js";
import { anthropicChat } from "../../src/models/providers/anthropic.js";
import type { Connection } from "../../src/models/providers/connection.js";
import { openaiChat } from "../../src/models/providers/openai.js";
import { StreamingChatModel } from "../../src/models/streaming.js";
import { startLlmServer, type Fault, type LlmServer } from "../support/llm-server.js";
import { until } from "../support/until.js";

let llm: LlmServer | null = null;
afterEach(async () => {
  await llm?.close();
  llm = null;
});

const TOOL = {
  type: "function" as const,
  function: { name: "view_config", description: "show a config", parameters: { type: "object", properties: { filename: { type: "string" } } } },
};
const TURN = { text: "Looking.", toolCalls: [{ name: "view_config", args: { filename: "a.yaml" } }], usage: { input: 120, output: 30 } };

describe("the OpenAI wire format", () => {
  it("answers a chat completion with tool calls and the scripted usage", async () => {
    llm = await startLlmServer({ turns: [TURN] });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    const r = await client.chat.completions.create({ model: "gpt-x", messages: [{ role: "user", content: "hi" }], tools: [TOOL] });
    expect(r.choices[0]!.message.tool_calls).toEqual([
      { id: "call_1_0", type: "function", function: { name: "view_config", arguments: '{"filename":"a.yaml"}' } },
    ]);
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(r.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 30 });
    expect(llm.usage).toEqual({ input_tokens: 120, output_tokens: 30, responses: 1 });
  });

  it("streams the same answer in deltas, with usage when asked for", async () => {
    llm = await startLlmServer({ turns: [TURN] });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: "gpt-x",
      messages: [{ role: "user", content: "hi" }],
      tools: [TOOL],
      stream_options: { include_usage: true },
    });
    const r = await stream.finalChatCompletion();
    expect(r.choices[0]!.message.content).toBe("Looking.");
    expect(r.choices[0]!.message.tool_calls![0]!.function).toEqual({ name: "view_config", arguments: '{"filename":"a.yaml"}' });
    expect(r.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 30 });
  });

  it("estimates usage at about four characters a token when none is scripted", async () => {
    llm = await startLlmServer({ turns: [{ text: "x".repeat(40) }] });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    const r = await client.chat.completions.create({ model: "gpt-x", messages: [{ role: "user", content: "hi" }] });
    expect(r.usage!.completion_tokens).toBe(10);
    expect(llm.usage.input_tokens).toBe(r.usage!.prompt_tokens);
  });

  it("rejects a tool result without its call, as the API does", async () => {
    llm = await startLlmServer();
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    const err = await client.chat.completions
      .create({
        model: "gpt-x",
        messages: [
          { role: "user", content: "hi" },
          { role: "tool", tool_call_id: "call_9", content: "x" },
        ],
      })
      .catch((e: unknown) => e);
    expect((err as { status: number }).status).toBe(400);
    expect(llm.requests[0]).toMatchObject({
      outcome: "rejected",
      rejection: expect.stringContaining("must be a response to a preceding message with 'tool_calls'"),
    });
    expect(llm.usage.responses).toBe(0);
  });

  it("answers the Responses API with a 404, so a client that switched to it fails loudly", async () => {
    llm = await startLlmServer();
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    await expect(client.responses.create({ model: "gpt-x", input: "hi" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("the Anthropic wire format", () => {
  it("answers a message with thinking, text and tool_use blocks", async () => {
    llm = await startLlmServer({ turns: [{ ...TURN, reasoning: "hmm" }] });
    const client = new Anthropic({ baseURL: llm.anthropicBaseUrl, apiKey: "k", maxRetries: 0 });
    const r = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] });
    expect(r.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use"]);
    expect(r.stop_reason).toBe("tool_use");
    expect(r.usage).toMatchObject({ input_tokens: 120, output_tokens: 30 });
  });

  it("streams the same message as events the SDK reassembles", async () => {
    llm = await startLlmServer({ turns: [{ ...TURN, reasoning: "hmm" }] });
    const client = new Anthropic({ baseURL: llm.anthropicBaseUrl, apiKey: "k", maxRetries: 0 });
    const r = await client.messages.stream({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }).finalMessage();
    expect(r.content).toEqual([
      expect.objectContaining({ type: "thinking", thinking: "hmm" }),
      expect.objectContaining({ type: "text", text: "Looking." }),
      expect.objectContaining({ type: "tool_use", id: "call_1_0", name: "view_config", input: { filename: "a.yaml" } }),
    ]);
    expect(r.usage.output_tokens).toBe(30);
  });

  it("rejects a tool_use left without its tool_result, as the API does", async () => {
    llm = await startLlmServer();
    const client = new Anthropic({ baseURL: llm.anthropicBaseUrl, apiKey: "k", maxRetries: 0 });
    const err = await client.messages
      .create({
        model: "claude-haiku-4-5",
        max_tokens: 10,
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "x", input: {} }] },
          { role: "user", content: "go on" },
        ],
      })
      .catch((e: unknown) => e);
    expect((err as { status: number }).status).toBe(400);
    expect(llm.requests[0]!.rejection).toMatch(/tool_use ids were found without tool_result blocks/);
  });
});

describe("scripting and shutdown", () => {
  it("serves a queue in order, then a default answer", async () => {
    llm = await startLlmServer({ turns: [{ text: "one" }] });
    llm.enqueue({ text: "two" });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    const texts = [];
    for (let i = 0; i < 3; i++)
      texts.push((await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).choices[0]!.message.content);
    expect(texts).toEqual(["one", "two", "OK."]);
  });

  it("applies queued faults before turns, without consuming a turn", async () => {
    llm = await startLlmServer({ turns: [{ text: "after the fault" }], faults: [{ kind: "server_error", status: 503 }] });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    await expect(client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 503 });
    const r = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(r.choices[0]!.message.content).toBe("after the fault");
    expect(llm.requests.map((q) => q.outcome)).toEqual(["server_error", "served"]);
  });

  it("delays answers by the injected latency", async () => {
    llm = await startLlmServer({ latencyMs: 60 });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0 });
    const t0 = performance.now();
    await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it("closes promptly with a request hanging and a connection kept alive", async () => {
    llm = await startLlmServer({ faults: [{ kind: "hang" }] });
    const client = new OpenAI({ baseURL: llm.openaiBaseUrl, apiKey: "k", maxRetries: 0, timeout: 30_000 });
    const hanging = client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    // The request must be hanging at the server before the close (a fixed pause is not enough on a busy machine).
    const server = llm;
    expect(await until(() => server.requests[0]?.outcome === "hang", 10_000, 5)).toBe(true);
    const t0 = performance.now();
    await llm.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(llm.requests[0]!.outcome).toBe("hang");
  });
});

// Only the hanging server is meant to time out; every other fault gets a timeout no loaded machine
// reaches, so a slow answer is never read as a timeout.
const HANG_MS = 200;
const SLOW_OK_MS = 20_000;
const optsFor = (timeoutMs: number) => ({ timeoutMs, streaming: false });
const conn = (l: LlmServer): Connection => ({ kind: "openai", model: "m", baseURL: l.openaiBaseUrl, apiKey: "k", limitKey: "k", label: "local" });

function peerlabOpenai(l: LlmServer, streaming: boolean, timeoutMs: number) {
  const chat = openaiChat(conn(l), { temperature: 0 }, optsFor(timeoutMs), 1, { seeded: false, completionsOnly: true });
  return streaming ? new StreamingChatModel(chat) : chat;
}

describe("classifying the errors the SDKs raise for each fault", () => {
  const cases: [Fault, boolean, string][] = [
    [{ kind: "rate_limit", retryAfterS: 3 }, true, "429"],
    [{ kind: "server_error", status: 500 }, true, "500"],
    [{ kind: "server_error", status: 529 }, true, "529"],
    [{ kind: "hang" }, true, "timeout"],
    [{ kind: "reset" }, true, "connection error"],
    [{ kind: "truncated" }, true, "connection cut"],
    [{ kind: "status", status: 400 }, false, "400"],
    [{ kind: "status", status: 401 }, false, "401"],
  ];
  const clients = {
    "ChatOpenAI (openai 6)": (l: LlmServer, t: number) =>
      new ChatOpenAICompletions({ model: "m", apiKey: "k", maxRetries: 0, timeout: t, configuration: { baseURL: l.openaiBaseUrl } }),
    // peerlab's own: the same SDK over node:http (src/models/providers/http-fetch.ts), streamed and not.
    "peerlab openai": (l: LlmServer, t: number) => peerlabOpenai(l, false, t),
    "peerlab openai, streaming": (l: LlmServer, t: number) => peerlabOpenai(l, true, t),
    "peerlab anthropic": (l: LlmServer, t: number) =>
      anthropicChat({ ...conn(l), kind: "anthropic", baseURL: l.anthropicBaseUrl, model: "claude-haiku-4-5" }, { temperature: 0 }, optsFor(t)),
    "peerlab anthropic, streaming": (l: LlmServer, t: number) =>
      new StreamingChatModel(
        anthropicChat({ ...conn(l), kind: "anthropic", baseURL: l.anthropicBaseUrl, model: "claude-haiku-4-5" }, { temperature: 0 }, optsFor(t)),
      ),
    "ChatAnthropic (nested SDK)": (l: LlmServer, t: number) =>
      new ChatAnthropic({ model: "claude-haiku-4-5", apiKey: "k", maxRetries: 0, anthropicApiUrl: l.anthropicBaseUrl, clientOptions: { timeout: t } }),
  };
  for (const [client, make] of Object.entries(clients)) {
    for (const [fault, retryable, reason] of cases) {
      it(`${client}: ${fault.kind}${"status" in fault ? ` ${fault.status}` : ""} is ${retryable ? "" : "not "}retried (${reason})`, async () => {
        llm = await startLlmServer({ faults: [fault] });
        const err = await make(llm, fault.kind === "hang" ? HANG_MS : SLOW_OK_MS)
          .invoke([new HumanMessage("hi")])
          .catch((e: unknown) => e);
        const info = retryInfoOf(err);
        expect({ retryable: info.retryable, reason: info.reason }).toEqual({ retryable, reason });
        if (fault.kind === "rate_limit") expect(info.retryAfterMs).toBe(3000);
      });
    }
  }
});
