// The SDKs' transport (src/models/providers/http-fetch.ts) against a loopback server: what it sends,
// what it hands back, and fetch's behaviour where the SDK relies on it (aborts, failures, redirects,
// encoded bodies, kept-alive connections).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { httpFetch } from "../../src/models/providers/http-fetch.js";

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function serve(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => handler(req, body, res));
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("httpFetch", () => {
  it("sends the method, headers and body, and returns the status, headers and body", async () => {
    const url = await serve((req, body, res) => {
      res.writeHead(201, "Made", { "content-type": "application/json", "x-request-id": "r1" });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, length: req.headers["content-length"], body }));
    });
    const r = await httpFetch(`${url}/v1/x`, { method: "POST", headers: new Headers({ Authorization: "Bearer k" }), body: '{"é":1}' });
    expect({ status: r.status, statusText: r.statusText, ok: r.ok, id: r.headers.get("x-request-id") }).toEqual({
      status: 201,
      statusText: "Made",
      ok: true,
      id: "r1",
    });
    expect(await r.json()).toEqual({ method: "POST", auth: "Bearer k", length: "8", body: '{"é":1}' });
  });

  it("reuses a kept-alive connection for the next request", async () => {
    const ports: number[] = [];
    const url = await serve((req, _b, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.end("ok");
    });
    for (let i = 0; i < 3; i++) expect(await (await httpFetch(url)).text()).toBe("ok");
    expect(new Set(ports).size).toBe(1);
  });

  it("decodes a gzip body and gives a null-body status no body", async () => {
    const url = await serve((req, _b, res) => {
      if (req.url === "/none") return res.writeHead(204).end();
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" }).end(gzipSync('{"a":1}'));
    });
    expect(await (await httpFetch(url)).json()).toEqual({ a: 1 });
    const none = await httpFetch(`${url}/none`);
    expect({ status: none.status, body: none.body }).toEqual({ status: 204, body: null });
  });

  it("follows a redirect, through Node's fetch", async () => {
    const url = await serve((req, _b, res) => {
      if (req.url === "/old") return res.writeHead(307, { location: "/new" }).end();
      res.end(`at ${req.url}`);
    });
    expect(await (await httpFetch(`${url}/old`)).text()).toBe("at /new");
  });

  it("rejects with the signal's reason when aborted, before sending or while waiting", async () => {
    const url = await serve(() => {});
    const before = new AbortController();
    before.abort(new Error("stop"));
    await expect(httpFetch(url, { signal: before.signal })).rejects.toThrow("stop");
    const during = new AbortController();
    const pending = httpFetch(url, { signal: during.signal });
    setTimeout(() => during.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("fails a request that got no answer with TypeError('fetch failed') and the socket error as its cause", async () => {
    const url = await serve((req) => req.socket.destroy());
    const err = await httpFetch(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ message: "fetch failed", cause: { code: "ECONNRESET" } });
  });

  it("fails reading a body cut off after the headers with TypeError('terminated'), as undici does", async () => {
    const url = await serve((_req, _b, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"a":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const r = await httpFetch(url);
    await expect(r.json()).rejects.toMatchObject({ name: "TypeError", message: "terminated" });
  });

  it("streams Server-Sent Events as they arrive", async () => {
    let release: () => void = () => {};
    const url = await serve((_req, _b, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: 1\n\n");
      release = () => res.end("data: 2\n\n");
    });
    const r = await httpFetch(url);
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    expect(dec.decode((await reader.read()).value)).toBe("data: 1\n\n");
    release();
    expect(dec.decode((await reader.read()).value)).toBe("data: 2\n\n");
    expect((await reader.read()).done).toBe(true);
  });
});
