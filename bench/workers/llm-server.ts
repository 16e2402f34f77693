// The test suite's local LLM server (test/support/llm-server.ts) in its own process, so its CPU is
// not the client's. It answers every call after a fixed latency; the parent asks it over IPC for
// what it served per model (count, first arrival, last answer) and for its CPU time.
import { TAMPERING_TURNS } from "../../test/models/helpers.js";
import { byTurn, startLlmServer, type LlmRequest, type ScriptedTurn } from "../../test/support/llm-server.js";

interface Args {
  latencyMs: number;
  /** "tampering": the 4-call scripted tampering episode; "text": a one-word answer. */
  turns: "tampering" | "text";
}

interface ModelStats {
  requests: number;
  /** Epoch ms of the first arrival and of the last answer (arrival + latency). */
  first_at: number;
  last_at: number;
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const byModel = new Map<string, ModelStats>();
const now = () => performance.timeOrigin + performance.now();
const script = byTurn(TAMPERING_TURNS);
const answer = (req: LlmRequest): ScriptedTurn => {
  const t = now();
  const s = byModel.get(req.model) ?? { requests: 0, first_at: t, last_at: t };
  s.requests++;
  s.last_at = t + args.latencyMs;
  byModel.set(req.model, s);
  return args.turns === "tampering" ? script(req) : { text: "OK." };
};

// Idle connections stay open for a minute, as real API servers keep them: a client starved of CPU for
// seconds would otherwise reuse connections the server has just closed, and retry.
const llm = await startLlmServer({ turns: answer, latencyMs: args.latencyMs, keepAliveTimeoutMs: 60_000 });
// The request log keeps every body; a benchmark's hundreds of thousands of calls need none of it.
const log = llm.requests as LlmRequest[];
setInterval(() => log.splice(0, log.length - 100), 1000).unref();

process.on("message", (m: { type: string; id: number }) => {
  if (m.type === "stats") {
    const cpu = process.cpuUsage();
    process.send!({
      id: m.id,
      cpu_ms: (cpu.user + cpu.system) / 1000,
      models: Object.fromEntries(byModel),
      served: llm.usage.responses,
      failed: log.filter((r) => r.outcome !== "served" && r.outcome !== "pending").length,
    });
  } else if (m.type === "close") {
    void llm.close().then(() => {
      process.send!({ id: m.id }, () => process.exit(0));
    });
  }
});
process.send!({ type: "ready", url: llm.url, openaiBaseUrl: llm.openaiBaseUrl });
