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
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  anthropicBody,
  anthropicEvents,
  anthropicMessages,
  anthropicProtocolError,
  answerOf,
  estimateTokens,
  openaiBody,
  openaiEvents,
  openaiMessages,
  openaiProtocolError,
  streamUsageWanted,
} from "./llm-server-wire.js";

export { estimateTokens };

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
  /**
   * How long an idle keep-alive connection stays open (Node's default: 5 s). Benchmarks whose client
   * is CPU-bound for longer raise it, as real API servers keep connections far longer; otherwise a
   * client reusing a connection the server just closed sees "other side closed" and retries.
   */
  keepAliveTimeoutMs?: number;
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
  if (opts.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = opts.keepAliveTimeoutMs;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0]!;
    const api: Api | null = path.endsWith("/chat/completions") ? "openai" : path.endsWith("/messages") ? "anthropic" : null;
    if (req.method !== "POST" || !api)
      return sendJson(res, 404, {
        error: { type: "not_found", message: `llm-server serves POST /v1/chat/completions and /v1/messages, not ${req.method} ${path}` },
      });
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
          const events =
            seen.api === "openai"
              ? openaiEvents(answerOf(seen, { text: "This answer is cut off mid-way" }), false)
              : anthropicEvents(answerOf(seen, { text: "This answer is cut off mid-way" }));
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

// ---- plumbing ---------------------------------------------------------------------------------

function sendJson(res: ServerResponse, status: number, body: unknown, onDone?: () => void, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text, onDone);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
