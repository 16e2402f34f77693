// A local LLM server for tests: node:http on 127.0.0.1 (port 0) speaking the OpenAI chat-completions
// and Anthropic messages wire formats, streaming and not, with scripted turns and injected faults.
//
// The real SDKs (openai, @anthropic-ai/sdk, ChatOpenAI, ChatAnthropic) talk HTTP to it, so nothing in
// the provider path is mocked. Usage:
//
//   const llm = await startLlmServer({ turns: byTurn([{ toolCalls: [{ name: "view_config", args: {...} }] }, { text: "Done." }]) });
//   env = { OPENAI_API_KEY: "test", OPENAI_BASE_URL: llm.openaiBaseUrl }      // or ANTHROPIC_BASE_URL: llm.anthropicBaseUrl
//   llm.failNext({ kind: "rate_limit", retryAfterMs: 20 }, { kind: "reset" });  // the next two requests fail; turns are not consumed
//   ... run ...
//   expect(llm.usage).toEqual({ input_tokens, output_tokens, responses });    // what it served (complete responses only)
//   await llm.close();                                                         // always; bounded, destroys open sockets
//
// Endpoints: POST <url>/v1/chat/completions (OpenAI), POST <url>/v1/messages (Anthropic). Anything
// else is a 404 with a JSON error, so a client that switched API (e.g. to /v1/responses) fails loudly.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ScriptedToolCall {
  /** Defaults to `call_<turn>_<i>`: turn = the assistant messages in the request + 1, so ids repeat across retries and conversations. */
  id?: string;
  name: string;
  args?: Record<string, unknown>;
  /** Raw argument text sent instead of `args` (e.g. invalid JSON). */
  rawArgs?: string;
}

/** One model answer. Everything is optional; an empty turn is an empty text answer. */
export interface ScriptedTurn {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Anthropic: a thinking block; OpenAI: `reasoning_content` (or the field named by `reasoningField`). */
  reasoning?: string;
  reasoningField?: "reasoning_content" | "reasoning";
  /** OpenAI: `message.refusal` with null content; Anthropic: stop_reason "refusal" with this text. */
  refusal?: string;
  /** Reported usage; defaults to an estimate of about four characters a token. */
  usage?: { input: number; output: number };
  /** Extra delay before this answer, in ms. */
  delayMs?: number;
}

export type Fault =
  /** 429; Retry-After in whole seconds and/or retry-after-ms, or neither. */
  | { kind: "rate_limit"; retryAfterS?: number; retryAfterMs?: number }
  /** 500 by default; 502, 503, 529 (Anthropic's "overloaded") alike. */
  | { kind: "server_error"; status?: number }
  /** Any other status with an error body (400, 401, 404...). Not retryable by clients. */
  | { kind: "status"; status: number; message?: string }
  /** Accepts the request and never answers, until the client gives up or the server closes. */
  | { kind: "hang" }
  /** Destroys the connection before any response (the client sees a reset). */
  | { kind: "reset" }
  /**
   * Sends the headers and part of the body, then destroys the connection. With `clean` (streams only)
   * the stream instead ends properly but early: no finish reason, no [DONE] / message_stop.
   */
  | { kind: "truncated"; clean?: boolean };

export type Api = "openai" | "anthropic";

/** A request as the server understood it, for scripts and assertions. */
export interface LlmRequest {
  /** 1-based, in arrival order, faulted requests included. */
  index: number;
  api: Api;
  path: string;
  model: string;
  stream: boolean;
  /** Messages in a common shape: role, text, tool calls, tool results. */
  messages: SeenMessage[];
  tools: string[];
  /** The raw JSON body. */
  body: Record<string, unknown>;
  /** The credential the client sent (Bearer token or x-api-key), or null. */
  credential: string | null;
  /** What the server did: "served", a fault kind, "rejected" (400: broke the API's rules), "aborted" (client left) or "pending". */
  outcome: "served" | "aborted" | "pending" | "rejected" | Fault["kind"];
  /** Why it was rejected, when it was. */
  rejection?: string;
}

export interface SeenMessage {
  role: "system" | "user" | "assistant" | "tool";
  text: string;
  toolCalls?: { id: string; name: string; args: string }[];
  toolCallId?: string;
  /** For tool results sent as errors (Anthropic is_error). */
  isError?: boolean;
}

export type TurnSource = ScriptedTurn[] | ((req: LlmRequest) => ScriptedTurn);

export interface LlmServerOptions {
  /** A queue (consumed in order) or a function of the request. Default: a fixed text answer. */
  turns?: TurnSource;
  /** Faults to apply to the next requests, in order, before any turn is consumed. */
  faults?: Fault[];
  /** Or decide per request; returning null serves the turn. Consulted after the `faults` queue. */
  faultFor?: (req: LlmRequest) => Fault | null;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** Streaming: delay between SSE events, in ms (default 0). */
  chunkDelayMs?: number;
}

export interface ServedUsage {
  input_tokens: number;
  output_tokens: number;
  /** Complete responses served. */
  responses: number;
}

export interface LlmServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** For OpenAI clients and OPENAI_BASE_URL / OPENAI_COMPATIBLE_BASE_URL: `${url}/v1`. */
  readonly openaiBaseUrl: string;
  /** For Anthropic clients and ANTHROPIC_BASE_URL: `url` (the SDK appends /v1/messages). */
  readonly anthropicBaseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly LlmRequest[];
  /** Tokens reported in complete responses (what a client could have counted). */
  readonly usage: ServedUsage;
  /** Append turns to the queue (when `turns` is a queue or unset). */
  enqueue(...turns: ScriptedTurn[]): void;
  /** Replace the turn source. */
  respondWith(source: TurnSource): void;
  /** Fail the next requests with these faults, in order. */
  failNext(...faults: Fault[]): void;
  /** Requests that got a complete answer. */
  served(): LlmRequest[];
  close(): Promise<void>;
}

/** A turn source for concurrent episodes: answer with turns[k], k = the assistant messages in the request. */
export function byTurn(turns: ScriptedTurn[], after: ScriptedTurn = { text: "I have finished." }): (req: LlmRequest) => ScriptedTurn {
  return (req) => turns[req.messages.filter((m) => m.role === "assistant").length] ?? after;
}

/** About four characters a token, at least one: the server's own count, reported as usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

const DEFAULT_TURN: ScriptedTurn = { text: "OK." };

export async function startLlmServer(opts: LlmServerOptions = {}): Promise<LlmServer> {
  let source: TurnSource = opts.turns ?? [];
  const faultQueue: Fault[] = [...(opts.faults ?? [])];
  const requests: LlmRequest[] = [];
  const usage: ServedUsage = { input_tokens: 0, output_tokens: 0, responses: 0 };
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let closing = false;

  const nextTurn = (req: LlmRequest): ScriptedTurn => {
    if (typeof source === "function") return source(req);
    return source.shift() ?? DEFAULT_TURN;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `llm-server: ${(e as Error).message}` } });
      else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0]!;
    const api: Api | null = path.endsWith("/chat/completions") ? "openai" : path.endsWith("/messages") ? "anthropic" : null;
    if (req.method !== "POST" || !api) return sendJson(res, 404, { error: { type: "not_found", message: `llm-server serves POST /v1/chat/completions and /v1/messages, not ${req.method} ${path}` } });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: { type: "invalid_request_error", message: "body is not JSON" } });
    }
    const seen: LlmRequest = {
      index: requests.length + 1,
      api,
      path,
      model: String(body.model ?? ""),
      stream: body.stream === true,
      messages: api === "openai" ? openaiMessages(body) : anthropicMessages(body),
      tools: ((body.tools as { name?: string; function?: { name?: string } }[] | undefined) ?? []).map((t) => t.function?.name ?? t.name ?? ""),
      body,
      credential: credentialOf(req),
      outcome: "pending",
    };
    requests.push(seen);
    res.on("close", () => {
      if (seen.outcome === "pending") seen.outcome = "aborted";
      hanging.delete(res);
    });
    // Like the real APIs, refuse a conversation whose tool calls and results do not pair up.
    const broken = api === "openai" ? openaiProtocolError(body) : anthropicProtocolError(body);
    if (broken) {
      seen.outcome = "rejected";
      seen.rejection = broken;
      const error = { type: "invalid_request_error", message: broken };
      return sendJson(res, 400, api === "anthropic" ? { type: "error", error } : { error: { ...error, code: null, param: "messages" } });
    }

    const fault = faultQueue.shift() ?? opts.faultFor?.(seen) ?? null;
    if (fault) return applyFault(fault, seen, res);

    const turn = nextTurn(seen);
    const delay = (opts.latencyMs ?? 0) + (turn.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    const answer = answerOf(seen, turn);
    const done = () => {
      if (seen.outcome !== "pending") return;
      seen.outcome = "served";
      usage.input_tokens += answer.usage.input;
      usage.output_tokens += answer.usage.output;
      usage.responses++;
    };
    if (!seen.stream) {
      const payload = api === "openai" ? openaiBody(answer) : anthropicBody(answer);
      return sendJson(res, 200, payload, done);
    }
    const events = api === "openai" ? openaiEvents(answer, streamUsageWanted(body)) : anthropicEvents(answer);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    for (const e of events) {
      if (res.destroyed) return;
      res.write(e);
      if (opts.chunkDelayMs) await sleep(opts.chunkDelayMs);
    }
    res.end(done);
  }

  function applyFault(fault: Fault, seen: LlmRequest, res: ServerResponse): void {
    seen.outcome = fault.kind;
    const errorBody = (type: string, message: string) =>
      seen.api === "anthropic" ? { type: "error", error: { type, message } } : { error: { type, message, code: null, param: null } };
    switch (fault.kind) {
      case "rate_limit": {
        const headers: Record<string, string> = {};
        if (fault.retryAfterS !== undefined) headers["retry-after"] = String(fault.retryAfterS);
        if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
        return sendJson(res, 429, errorBody("rate_limit_error", "Rate limit reached (llm-server fault)"), undefined, headers);
      }
      case "server_error": {
        const status = fault.status ?? 500;
        return sendJson(res, status, errorBody(status === 529 ? "overloaded_error" : "api_error", `Server error ${status} (llm-server fault)`));
      }
      case "status":
        return sendJson(res, fault.status, errorBody("invalid_request_error", fault.message ?? `Status ${fault.status} (llm-server fault)`));
      case "hang":
        hanging.add(res);
        return;
      case "reset":
        res.socket?.destroy();
        return;
      case "truncated": {
        if (seen.stream) {
          res.writeHead(200, { "content-type": "text/event-stream" });
          const events = seen.api === "openai" ? openaiEvents(answerOf(seen, { text: "This answer is cut off mid-way" }), false) : anthropicEvents(answerOf(seen, { text: "This answer is cut off mid-way" }));
          res.write(events.slice(0, 2).join(""));
          if (fault.clean) {
            res.end();
            return;
          }
        } else {
          const full = JSON.stringify(seen.api === "openai" ? openaiBody(answerOf(seen, { text: "cut" })) : anthropicBody(answerOf(seen, { text: "cut" })));
          res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(full)) });
          res.write(full.slice(0, Math.floor(full.length / 2)));
        }
        // Flush what was written, then cut the connection without finishing the body.
        setImmediate(() => res.socket?.destroy());
        return;
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    usage,
    enqueue: (...turns) => {
      if (typeof source === "function") throw new Error("llm-server: enqueue() needs a queue; the turn source is a function");
      source.push(...turns);
    },
    respondWith: (s) => {
      source = s;
    },
    failNext: (...faults) => {
      faultQueue.push(...faults);
    },
    served: () => requests.filter((r) => r.outcome === "served"),
    close: async () => {
      if (closing) return;
      closing = true;
      for (const res of hanging) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      // Bounded: never wait more than a second for the listener to close.
      await Promise.race([closed, sleep(1000)]);
    },
  };
}

// ---- request parsing --------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function credentialOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.startsWith("Bearer ")) return auth.slice(7);
  const key = req.headers["x-api-key"];
  return typeof key === "string" ? key : null;
}

function streamUsageWanted(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
}

type Part = { type?: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean; thinking?: string };

function partsText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Part[]).map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");
}

function openaiMessages(body: Record<string, unknown>): SeenMessage[] {
  const msgs = (body.messages as Record<string, unknown>[] | undefined) ?? [];
  return msgs.map((m) => {
    const role = String(m.role);
    if (role === "tool") return { role: "tool", text: partsText(m.content), toolCallId: String(m.tool_call_id ?? "") };
    if (role === "assistant") {
      const calls = (m.tool_calls as { id: string; function: { name: string; arguments: string } }[] | undefined) ?? [];
      return { role: "assistant", text: partsText(m.content), ...(calls.length ? { toolCalls: calls.map((c) => ({ id: c.id, name: c.function.name, args: c.function.arguments })) } : {}) };
    }
    return { role: role === "system" || role === "developer" ? "system" : "user", text: partsText(m.content) };
  });
}

function anthropicMessages(body: Record<string, unknown>): SeenMessage[] {
  const out: SeenMessage[] = [];
  const system = body.system;
  if (system !== undefined) out.push({ role: "system", text: typeof system === "string" ? system : partsText(system) });
  for (const m of (body.messages as { role: string; content: unknown }[] | undefined) ?? []) {
    if (m.role === "assistant") {
      const parts = typeof m.content === "string" ? [{ type: "text", text: m.content }] : ((m.content as Part[]) ?? []);
      const calls = parts.filter((p) => p.type === "tool_use").map((p) => ({ id: String(p.id), name: String(p.name), args: JSON.stringify(p.input ?? {}) }));
      out.push({ role: "assistant", text: partsText(parts), ...(calls.length ? { toolCalls: calls } : {}) });
      continue;
    }
    const parts = typeof m.content === "string" ? [{ type: "text", text: m.content }] : ((m.content as Part[]) ?? []);
    for (const p of parts.filter((x) => x.type === "tool_result")) {
      out.push({ role: "tool", text: partsText(p.content), toolCallId: String(p.tool_use_id), ...(p.is_error ? { isError: true } : {}) });
    }
    const text = partsText(parts.filter((x) => x.type === "text"));
    if (text || !parts.some((x) => x.type === "tool_result")) out.push({ role: "user", text });
  }
  return out;
}

// ---- the APIs' rules on tool calls and results --------------------------------------------------

function openaiProtocolError(body: Record<string, unknown>): string | null {
  const msgs = (body.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[] | undefined) ?? [];
  let open: Set<string> | null = null;
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    if (m.role === "tool") {
      if (!open || !open.has(String(m.tool_call_id))) return `messages[${i}]: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (no call ${String(m.tool_call_id)})`;
      open.delete(String(m.tool_call_id));
      continue;
    }
    if (open && open.size) return `messages[${i}]: an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id' (missing: ${[...open].join(", ")})`;
    open = m.role === "assistant" && m.tool_calls?.length ? new Set(m.tool_calls.map((c) => c.id)) : null;
  }
  return null;
}

function anthropicProtocolError(body: Record<string, unknown>): string | null {
  const msgs = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  const blocks = (c: unknown): Part[] => (typeof c === "string" ? [{ type: "text", text: c }] : Array.isArray(c) ? (c as Part[]) : []);
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    const parts = blocks(m.content);
    if (parts.some((p) => p.type === "text" && !p.text)) return `messages.${i}: text content blocks must be non-empty`;
    const uses = parts.filter((p) => p.type === "tool_use");
    if (uses.some((p) => p.input === null || typeof p.input !== "object" || Array.isArray(p.input))) return `messages.${i}: tool_use.input: Input should be a valid dictionary`;
    if (m.role === "assistant" && uses.length) {
      const next = blocks(msgs[i + 1]?.content);
      const answered = new Set(next.filter((p) => p.type === "tool_result").map((p) => String(p.tool_use_id)));
      const missing = uses.filter((u) => !answered.has(String(u.id)));
      if (msgs[i + 1]?.role !== "user" || missing.length) return `messages.${i}: tool_use ids were found without tool_result blocks immediately after: ${missing.map((u) => u.id).join(", ")}`;
    }
    const results = parts.filter((p) => p.type === "tool_result");
    if (results.length) {
      const prev = msgs[i - 1];
      const ids = new Set(prev?.role === "assistant" ? blocks(prev.content).filter((p) => p.type === "tool_use").map((p) => String(p.id)) : []);
      const stray = results.find((r) => !ids.has(String(r.tool_use_id)));
      if (stray) return `messages.${i}.content: unexpected tool_use_id found in tool_result blocks: ${String(stray.tool_use_id)}. Each tool_result block must have a corresponding tool_use block in the previous message.`;
    }
  }
  return null;
}

// ---- answers ----------------------------------------------------------------------------------

interface Answer {
  id: string;
  model: string;
  text: string;
  reasoning: string | null;
  reasoningField: "reasoning_content" | "reasoning";
  refusal: string | null;
  calls: { id: string; name: string; argsText: string; args: unknown }[];
  usage: { input: number; output: number };
}

function answerOf(req: LlmRequest, turn: ScriptedTurn): Answer {
  const turnNo = req.messages.filter((m) => m.role === "assistant").length + 1;
  const calls = (turn.toolCalls ?? []).map((c, i) => {
    const argsText = c.rawArgs ?? JSON.stringify(c.args ?? {});
    let args: unknown = c.args ?? {};
    if (c.rawArgs !== undefined) {
      try {
        args = JSON.parse(c.rawArgs);
      } catch {
        args = c.rawArgs;
      }
    }
    return { id: c.id ?? `call_${turnNo}_${i}`, name: c.name, argsText, args };
  });
  const text = turn.text ?? "";
  const input = estimateTokens(JSON.stringify({ system: req.body.system ?? null, messages: req.body.messages ?? [], tools: req.body.tools ?? [] }));
  const output = estimateTokens(text + (turn.reasoning ?? "") + (turn.refusal ?? "") + calls.map((c) => c.name + c.argsText).join(""));
  return {
    id: `${req.api === "openai" ? "chatcmpl" : "msg"}_${req.index}`,
    model: req.model,
    text,
    reasoning: turn.reasoning ?? null,
    reasoningField: turn.reasoningField ?? "reasoning_content",
    refusal: turn.refusal ?? null,
    calls,
    usage: turn.usage ?? { input, output },
  };
}

function openaiBody(a: Answer): Record<string, unknown> {
  const message: Record<string, unknown> = { role: "assistant", content: a.refusal !== null ? null : a.calls.length && !a.text ? null : a.text };
  if (a.refusal !== null) message.refusal = a.refusal;
  if (a.reasoning !== null) message[a.reasoningField] = a.reasoning;
  if (a.calls.length) message.tool_calls = a.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.argsText } }));
  return {
    id: a.id,
    object: "chat.completion",
    created: 1_767_225_600,
    model: a.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.calls.length ? "tool_calls" : "stop" }],
    usage: { prompt_tokens: a.usage.input, completion_tokens: a.usage.output, total_tokens: a.usage.input + a.usage.output },
  };
}

function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/** Split text in two, so clients must concatenate deltas. */
function halves(s: string): string[] {
  if (s.length < 2) return [s];
  const mid = Math.floor(s.length / 2);
  return [s.slice(0, mid), s.slice(mid)];
}

function openaiEvents(a: Answer, includeUsage: boolean): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sse({ id: a.id, object: "chat.completion.chunk", created: 1_767_225_600, model: a.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const out = [chunk({ role: "assistant", content: "" })];
  if (a.reasoning !== null) for (const part of halves(a.reasoning)) out.push(chunk({ [a.reasoningField]: part }));
  if (a.refusal !== null) for (const part of halves(a.refusal)) out.push(chunk({ refusal: part }));
  if (a.text) for (const part of halves(a.text)) out.push(chunk({ content: part }));
  a.calls.forEach((c, index) => {
    out.push(chunk({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] }));
    for (const part of halves(c.argsText)) out.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
  });
  out.push(chunk({}, a.calls.length ? "tool_calls" : "stop"));
  if (includeUsage) {
    out.push(sse({ id: a.id, object: "chat.completion.chunk", created: 1_767_225_600, model: a.model, choices: [], usage: { prompt_tokens: a.usage.input, completion_tokens: a.usage.output, total_tokens: a.usage.input + a.usage.output } }));
  }
  out.push(sse("[DONE]"));
  return out;
}

/** A stand-in for Anthropic's opaque thinking signature: a function of the thinking, so reruns match. */
function signatureOf(thinking: string): string {
  return `sig_${createHash("sha256").update(thinking).digest("hex").slice(0, 16)}`;
}

function anthropicStop(a: Answer): string {
  return a.refusal !== null ? "refusal" : a.calls.length ? "tool_use" : "end_turn";
}

function anthropicBlocks(a: Answer): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (a.reasoning !== null) blocks.push({ type: "thinking", thinking: a.reasoning, signature: signatureOf(a.reasoning) });
  const text = a.refusal ?? a.text;
  if (text) blocks.push({ type: "text", text });
  for (const c of a.calls) blocks.push({ type: "tool_use", id: c.id, name: c.name, input: c.args });
  return blocks;
}

function anthropicBody(a: Answer): Record<string, unknown> {
  return {
    id: a.id,
    type: "message",
    role: "assistant",
    model: a.model,
    content: anthropicBlocks(a),
    stop_reason: anthropicStop(a),
    stop_sequence: null,
    usage: { input_tokens: a.usage.input, output_tokens: a.usage.output },
  };
}

function anthropicEvents(a: Answer): string[] {
  const out = [
    sse({ type: "message_start", message: { id: a.id, type: "message", role: "assistant", model: a.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: a.usage.input, output_tokens: 1 } } }, "message_start"),
  ];
  const ev = (type: string, data: Record<string, unknown>) => out.push(sse({ type, ...data }, type));
  let index = 0;
  if (a.reasoning !== null) {
    ev("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
    for (const part of halves(a.reasoning)) ev("content_block_delta", { index, delta: { type: "thinking_delta", thinking: part } });
    ev("content_block_delta", { index, delta: { type: "signature_delta", signature: signatureOf(a.reasoning) } });
    ev("content_block_stop", { index });
    index++;
  }
  const text = a.refusal ?? a.text;
  if (text) {
    ev("content_block_start", { index, content_block: { type: "text", text: "" } });
    for (const part of halves(text)) ev("content_block_delta", { index, delta: { type: "text_delta", text: part } });
    ev("content_block_stop", { index });
    index++;
  }
  for (const c of a.calls) {
    ev("content_block_start", { index, content_block: { type: "tool_use", id: c.id, name: c.name, input: {} } });
    for (const part of halves(c.argsText)) ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: part } });
    ev("content_block_stop", { index });
    index++;
  }
  ev("message_delta", { delta: { stop_reason: anthropicStop(a), stop_sequence: null }, usage: { output_tokens: a.usage.output } });
  ev("message_stop", {});
  return out;
}

// ---- plumbing ---------------------------------------------------------------------------------

function sendJson(res: ServerResponse, status: number, body: unknown, onDone?: () => void, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text, onDone);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
