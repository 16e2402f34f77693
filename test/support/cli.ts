// Running the peerlab command as a user would, two ways:
// - `peerlab(args)` calls the CLI's `main(argv)` in the test process, with its stdout, stderr, exit
//   code, environment and working folder captured and restored, and returns what a process would have
//   given (exit code, stdout, stderr). No start-up cost, so the suite can call the CLI freely.
// - `peerlabProcess(args)` starts a real `peerlab` process through bin/peerlab.js. Keep it for what only
//   a process shows: the bin's own start-up and exit code, signals (Ctrl-C), crashes and kills, and
//   several processes working on one database at once.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.js";

export const BIN = resolve(import.meta.dirname, "../../bin/peerlab.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** The environment `env` is added to: by default the test process's. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Only a real process can be killed past a time limit; in process, the test's own timeout bounds the call. */
  timeoutMs?: number;
}

/** What every call sees in its environment on top of the test process's: no tracing, no debug stacks. */
const QUIET_ENV: Record<string, string> = { LANGSMITH_TRACING: "", PEERLAB_DEBUG: "" };

/** REAL PROCESS: `peerlab args` started through bin/peerlab.js, as a shell would. */
export function peerlabProcess(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...(opts.baseEnv ?? process.env), ...QUIET_ENV, ...opts.env },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// One call at a time: stdout, stderr, the environment and the working folder belong to the process.
let queue: Promise<unknown> = Promise.resolve();

/** `peerlab args` in this process: `main(argv)` with its output, exit code, environment and folder captured. */
export function peerlab(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const call = queue.then(() => inProcess(args, opts));
  queue = call.catch(() => undefined);
  return call;
}

type Write = typeof process.stdout.write;

async function inProcess(args: string[], opts: CliOptions): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const restoreStdout = capture(process.stdout, out);
  const restoreStderr = capture(process.stderr, err);
  const restoreEnv = replaceEnv({ ...(opts.baseEnv ?? process.env), ...QUIET_ENV, ...opts.env });
  const cwd = process.cwd();
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    if (opts.cwd) process.chdir(opts.cwd);
    const code = await main([process.execPath, BIN, ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.exitCode = exitCode;
    process.chdir(cwd);
    restoreEnv();
    restoreStderr();
    restoreStdout();
  }
}

/** Collect what is written to `stream`, which looks like a pipe (not a terminal) meanwhile, as a child's stdio does. */
function capture(stream: NodeJS.WriteStream, into: string[]): () => void {
  const write = stream.write;
  const own = Object.getOwnPropertyDescriptor(stream, "isTTY");
  const decoder = new TextDecoder();
  const collect = (chunk: string | Uint8Array, encodingOrDone?: BufferEncoding | ((e?: Error | null) => void), done?: (e?: Error | null) => void): boolean => {
    into.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    const callback = typeof encodingOrDone === "function" ? encodingOrDone : done;
    if (callback) queueMicrotask(() => callback(null));
    return true;
  };
  stream.write = collect as Write;
  Object.defineProperty(stream, "isTTY", { value: false, configurable: true, writable: true });
  return () => {
    stream.write = write;
    if (own) Object.defineProperty(stream, "isTTY", own);
    else delete (stream as { isTTY?: boolean }).isTTY;
  };
}

/** Make `process.env` exactly `env` (in place: code holding process.env sees the change) until the returned function restores it. */
function replaceEnv(env: Record<string, string | undefined>): () => void {
  const saved = { ...process.env };
  const set = (to: Record<string, string | undefined>) => {
    for (const key of Object.keys(process.env)) if (!(key in to)) delete process.env[key];
    for (const [key, value] of Object.entries(to)) if (value !== undefined) process.env[key] = value;
  };
  set(env);
  return () => set(saved);
}

export function dbIn(dir: string): string {
  return join(dir, "peerlab.db");
}
