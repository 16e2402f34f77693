// N single model calls at concurrency C against the local server: through peerlab's model path
// (the provider factory's ChatOpenAI, the model port with hashing and recording, the governor), or
// through a bare loop over the official openai SDK (the floor).
import { HumanMessage } from "@langchain/core/messages";
import OpenAI from "openai";
import { EpisodeRecorder } from "../../src/episode/index.js";
import { Governor, makeChatModel, ModelPort } from "../../src/models/index.js";
import { parseProviderRef, type ProviderRef } from "../../src/spec/provider-string.js";
import { cpuMsSince, phase, worker } from "../child.js";

export interface CallsArgs {
  client: "peerlab" | "openai-sdk";
  calls: number;
  concurrency: number;
  baseURL: string;
  model: string;
}

export interface CallsResult {
  wall_ms: number;
  cpu_ms: number;
  ok: number;
}

const clock = { now: () => new Date() };

/** Run `n` tasks, `c` at a time. */
async function pool(n: number, c: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

function sdkCall(baseURL: string, model: string): (i: number) => Promise<boolean> {
  const client = new OpenAI({ baseURL, apiKey: "sk-bench-0000", maxRetries: 0, timeout: 60_000 });
  return async (i) => {
    const r = await client.chat.completions.create({ model, messages: [{ role: "user", content: `Say OK (${i}).` }] });
    return r.choices[0]?.message.content === "OK.";
  };
}

function peerlabCall(baseURL: string, model: string, concurrency: number): (i: number) => Promise<boolean> {
  const provider = parseProviderRef(`openai:${model}`) as ProviderRef;
  const env = { OPENAI_API_KEY: "sk-bench-0000", OPENAI_BASE_URL: baseURL };
  const governor = new Governor({ concurrency });
  const settings = { temperature: 1 };
  const chat = makeChatModel({ provider, role: "evaluator", settings, seed: 1, scenario: "tampering", playbook: { next: () => ({ text: "" }) } as never, env });
  return async (i) => {
    // One recorder per call, as one episode's first call has; nothing is written to a database.
    const recorder = new EpisodeRecorder(null, `ep-call-${i}`, 1);
    const port = new ModelPort({ role: "evaluator", provider, chat, tools: [], settings, recorder, governor, clock, price: null });
    const m = new HumanMessage({ id: recorder.emit("message", null, { role: "user", content: `Say OK (${i}).` }).id, content: `Say OK (${i}).` });
    const ai = await port.call([m]);
    return ai.content === "OK.";
  };
}

await worker<CallsArgs, CallsResult>(async (a) => {
  const make = (model: string) => (a.client === "openai-sdk" ? sdkCall(a.baseURL, model) : peerlabCall(a.baseURL, model, a.concurrency));
  // Warm-up under another model name (the server counts per model): connections, JIT, lazy imports.
  const warm = make(`${a.model}-warm`);
  await pool(2 * a.concurrency, a.concurrency, async (i) => void (await warm(-1 - i)));
  const call = make(a.model);
  await phase("timed");
  let ok = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(a.calls, a.concurrency, async (i) => void ((await call(i)) && ok++));
  return { wall_ms: performance.now() - t0, cpu_ms: cpuMsSince(c0), ok };
});
