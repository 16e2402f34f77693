// The `fetch` the provider SDKs are given: the request over node:http(s) with keep-alive agents, the
// answer read whole and handed over as a Response. Node's own fetch (undici) runs every body through
// WHATWG streams, which in a harness waiting on many calls at once costs more CPU than the rest of
// the HTTP exchange; a JSON answer of a few kilobytes needs none of that. The SDK above it is
// unchanged: it builds the request, reads the Response, times out and aborts through the signal.
//
// What it keeps of fetch's behaviour: an aborted signal rejects with the signal's reason; a request
// that never got an answer rejects with TypeError("fetch failed") whose cause is the socket error; a
// body cut off mid-way fails when it is read, with TypeError("terminated"), as undici's does; Server-
// Sent Events are streamed as they arrive; gzip, deflate and br bodies are decoded. Anything else (a
// redirect, a body that is not text or bytes, a non-http URL) goes to Node's fetch as before.
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
const NULL_BODY = new Set([101, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);

type Init = RequestInit | undefined;

export function httpFetch(input: string | URL | Request, init?: Init): Promise<Response> {
  const url = typeof input === "string" ? safeUrl(input) : input instanceof URL ? input : null;
  const body = init?.body;
  const plainBody = body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !plainBody) return fetch(input, init);
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<Response>((resolve, reject) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    if (body != null) headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
    const secure = url.protocol === "https:";
    let settled = false;
    const onAbort = () => {
      req.destroy();
      if (!settled) {
        settled = true;
        reject(signal!.reason);
      }
    };
    const done = () => {
      settled = true;
      signal?.removeEventListener("abort", onAbort);
    };
    const req = (secure ? https : http).request(url, { method: init?.method ?? "GET", headers, agent: secure ? agents.https : agents.http }, (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECT.has(status) && res.headers.location) {
        res.resume();
        done();
        resolve(fetch(input, init));
        return;
      }
      const head = { status, statusText: res.statusMessage ?? "", headers: headersOf(res.rawHeaders) };
      const decoded = decoder(res.headers["content-encoding"]);
      const stream = decoded ? res.pipe(decoded) : res;
      if (decoded) res.on("error", (e) => decoded.destroy(e));
      if (/^text\/event-stream/i.test(res.headers["content-type"] ?? "")) {
        done();
        resolve(new Response(streamedBody(stream, res, signal), head));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (settled) return;
        done();
        resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), head));
      });
      // Cut off after the headers: the Response fails when its body is read, as undici's does.
      const cut = (e: Error) => {
        if (settled) return;
        done();
        const failed = new ReadableStream({ start: (c) => c.error(new TypeError("terminated", { cause: e })) });
        resolve(new Response(NULL_BODY.has(status) ? null : failed, head));
      };
      stream.on("error", cut);
      res.on("close", () => {
        if (!res.complete) cut(Object.assign(new Error("other side closed"), { code: "ECONNRESET" }));
      });
    });
    req.on("error", (e) => {
      if (settled) return;
      done();
      reject(new TypeError("fetch failed", { cause: e }));
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    req.end(body ?? undefined);
  });
}

/** Server-Sent Events as they arrive; a cut-off stream errors with TypeError("terminated"), an abort with the signal's reason. */
function streamedBody(stream: Readable, res: http.IncomingMessage, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let ended = false;
  return new ReadableStream<Uint8Array>({
    start(c) {
      const fail = (e: unknown) => {
        if (ended) return;
        ended = true;
        c.error(e);
        stream.destroy();
      };
      stream.on("data", (chunk: Buffer) => {
        c.enqueue(chunk);
        if ((c.desiredSize ?? 1) <= 0) stream.pause();
      });
      stream.on("end", () => {
        if (ended) return;
        ended = true;
        c.close();
      });
      stream.on("error", (e) => fail(new TypeError("terminated", { cause: e })));
      res.on("close", () => {
        if (!res.complete) fail(new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "ECONNRESET" }) }));
      });
      signal?.addEventListener("abort", () => fail(signal.reason), { once: true });
    },
    pull() {
      stream.resume();
    },
    cancel() {
      ended = true;
      stream.destroy();
    },
  });
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

function headersOf(raw: string[]): Headers {
  const h = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i]!, raw[i + 1]!);
  return h;
}

function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}
