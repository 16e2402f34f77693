// Which failed model calls are worth retrying, and when: 408/409/429/5xx, timeouts, connection resets
// and cut-off bodies are; bad requests, authentication and content errors are not. The server's
// Retry-After (seconds or an HTTP date) and OpenAI's retry-after-ms are honoured, as is x-should-retry.

export interface RetryInfo {
  retryable: boolean;
  /** What the server asked for, if anything. */
  retryAfterMs: number | null;
  status: number | null;
  /** A short, stable description: "429", "timeout", "connection reset", ... */
  reason: string;
}

/** Errors thrown when a connection failed, timed out or was cut, by class or error name. */
const TRANSIENT_NAMES = new Set([
  "APIConnectionError",
  "APIConnectionTimeoutError",
  "TimeoutError",
  "IncompleteResponseError",
  "ConnectTimeoutError",
  "HeadersTimeoutError",
  "BodyTimeoutError",
  "SocketError",
]);
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);
/** undici's messages for a body cut off mid-way or a request that never got through. */
const TRANSIENT_MESSAGES = /^(terminated|fetch failed|other side closed|socket hang up)$/i;

type ErrorLike = { status?: unknown; code?: unknown; name?: unknown; message?: unknown; headers?: unknown; cause?: unknown; constructor?: { name?: string } };

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === "string" ? v : null;
}

/** Milliseconds the server asked to wait: retry-after-ms, then Retry-After as seconds or an HTTP date. */
export function retryAfterOf(headers: unknown, now?: () => number): number | null {
  const ms = header(headers, "retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const ra = header(headers, "retry-after");
  if (ra === null || ra.trim() === "") return null;
  const secs = Number(ra);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(ra);
  // An HTTP date needs the current time; without an injected clock it is ignored (backoff applies).
  if (Number.isFinite(at) && now) return Math.max(0, at - now());
  return null;
}

function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e = error as ErrorLike | undefined;
  for (let i = 0; e && typeof e === "object" && i < 5; i++) {
    out.push(e);
    e = e.cause as ErrorLike | undefined;
  }
  return out;
}

export function retryInfoOf(error: unknown, now?: () => number): RetryInfo {
  const e = (error ?? {}) as ErrorLike;
  const status = typeof e.status === "number" ? e.status : null;
  const retryAfterMs = retryAfterOf(e.headers, now);
  const should = header(e.headers, "x-should-retry");
  if (status !== null) {
    const byStatus = status === 408 || status === 409 || status === 429 || status >= 500;
    const retryable = should === "true" ? true : should === "false" ? false : byStatus;
    return { retryable, retryAfterMs, status, reason: String(status) };
  }
  for (const link of chain(error)) {
    const name = typeof link.name === "string" ? link.name : "";
    const ctor = link.constructor?.name ?? "";
    const code = typeof link.code === "string" ? link.code : "";
    const message = typeof link.message === "string" ? link.message : "";
    if (name === "AbortError" || ctor === "APIUserAbortError") return { retryable: false, retryAfterMs: null, status: null, reason: "aborted" };
    if (TRANSIENT_NAMES.has(name) || TRANSIENT_NAMES.has(ctor))
      return { retryable: true, retryAfterMs, status: null, reason: /timeout/i.test(name + ctor) ? "timeout" : "connection error" };
    if (TRANSIENT_CODES.has(code)) return { retryable: true, retryAfterMs, status: null, reason: code };
    if (TRANSIENT_MESSAGES.test(message.trim())) return { retryable: true, retryAfterMs, status: null, reason: "connection cut" };
  }
  return { retryable: false, retryAfterMs: null, status: null, reason: "error" };
}
