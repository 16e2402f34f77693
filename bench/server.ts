// The parent's handle on the LLM server process (bench/workers/llm-server.ts).
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ModelStats {
  requests: number;
  first_at: number;
  last_at: number;
}

export interface ServerStats {
  cpu_ms: number;
  models: Record<string, ModelStats>;
  served: number;
  /** Requests that got a fault or were aborted or rejected (among the last ones kept). */
  failed: number;
}

export interface BenchServer {
  url: string;
  openaiBaseUrl: string;
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

export async function startServer(opts: { latencyMs: number; turns: "tampering" | "text" }): Promise<BenchServer> {
  const file = fileURLToPath(new URL("./workers/llm-server.ts", import.meta.url));
  const child: ChildProcess = fork(file, [JSON.stringify(opts)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let nextId = 0;
  const pending = new Map<number, (m: unknown) => void>();
  const ready = new Promise<{ url: string; openaiBaseUrl: string }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("llm server did not start in 30 s")), 30_000);
    child.on("message", (raw) => {
      const m = raw as { type?: string; id?: number; url: string; openaiBaseUrl: string };
      if (m.type === "ready") {
        clearTimeout(t);
        resolve(m);
      } else if (m.id !== undefined) pending.get(m.id)?.(m);
    });
    child.on("exit", () => reject(new Error("llm server exited")));
  });
  const { url, openaiBaseUrl } = await ready;
  const ask = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const t = setTimeout(() => reject(new Error(`llm server: no answer to ${type}`)), 10_000);
      pending.set(id, (m) => {
        clearTimeout(t);
        pending.delete(id);
        resolve(m as T);
      });
      child.send({ type, id });
    });
  return {
    url,
    openaiBaseUrl,
    stats: () => ask<ServerStats>("stats"),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      await ask("close").catch(() => child.kill("SIGKILL"));
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
