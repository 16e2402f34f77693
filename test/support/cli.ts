// Running the peerlab command in a child process, as a user would.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

export const BIN = resolve(import.meta.dirname, "../../bin/peerlab.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function peerlab(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "", ...opts.env },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function dbIn(dir: string): string {
  return join(dir, "peerlab.db");
}
