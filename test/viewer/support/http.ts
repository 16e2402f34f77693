// Plain HTTP requests for the viewer's tests, with full control of the Host header (fetch sets its own).
import { request } from "node:http";

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpGet(port: number, path: string, opts: { host?: string | null; method?: string; address?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.host !== null) headers.Host = opts.host ?? `127.0.0.1:${port}`;
    const req = request(
      { host: opts.address ?? "127.0.0.1", port, path, method: opts.method ?? "GET", headers, setHost: false, agent: false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`request to ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}
