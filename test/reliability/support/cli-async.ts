// The real CLI in a child process without blocking this one, for tests whose local LLM server lives in
// the test process (spawnSync would freeze the server). Bounded: killed past its timeout.
import { spawn } from "node:child_process";
import { BIN } from "../../support/cli.js";

export interface AsyncCliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export function peerlabAsync(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number; uid?: number; gid?: number },
): Promise<AsyncCliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, opts.timeoutMs ?? 300_000);
  return new Promise((resolve, reject) => {
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** A stack trace line, which a user-facing error must never show. */
export const STACK_LINE = /^\s+at .+[:(]/m;
