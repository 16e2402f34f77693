// Isolated measurements: each worker runs in its own Node process (tsx loader), gets its arguments as
// JSON on argv, may pause at named phases for the parent (to sample a server between warm-up and the
// timed part), and sends one result back over IPC together with its peak RSS and CPU time.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ChildReport<T> {
  result: T;
  /** Peak resident set size of the worker, in bytes. */
  max_rss_bytes: number;
  /** The worker's whole-process CPU time, in ms. */
  process_cpu_ms: number;
  /** From spawn to exit, in ms (includes start-up). */
  wall_ms: number;
}

type ParentMsg = { type: "ack" };
type ChildMsg =
  | { type: "phase"; name: string }
  | { type: "result"; result: unknown; max_rss_bytes: number; process_cpu_ms: number }
  | { type: "error"; message: string };

export interface ChildOptions {
  /** Called when the worker reaches a phase; the worker continues when it resolves. */
  onPhase?: (name: string) => Promise<void> | void;
  /** Kill the worker after this long (default 5 minutes). */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Extra Node flags for the worker (e.g. --expose-gc). */
  execArgv?: string[];
}

/** Run `bench/workers/<name>.ts` with `args`; resolves with its result or rejects with its error. */
export function runChild<T>(name: string, args: unknown, opts: ChildOptions = {}): Promise<ChildReport<T>> {
  const file = fileURLToPath(new URL(`./workers/${name}.ts`, import.meta.url));
  const started = performance.now();
  const child = fork(file, [JSON.stringify(args)], {
    execArgv: ["--import", "tsx", ...(opts.execArgv ?? [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, ...opts.env },
  });
  return new Promise((resolve, reject) => {
    let report: Omit<ChildReport<T>, "wall_ms"> | null = null;
    let failure: string | null = null;
    const timer = setTimeout(() => {
      failure = `worker ${name} timed out after ${opts.timeoutMs ?? 300_000} ms`;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 300_000);
    child.on("message", (raw) => {
      const m = raw as ChildMsg;
      if (m.type === "phase") {
        Promise.resolve(opts.onPhase?.(m.name)).then(
          () => child.send({ type: "ack" } satisfies ParentMsg),
          (e: unknown) => {
            failure = `phase ${m.name}: ${(e as Error).message}`;
            child.kill("SIGKILL");
          },
        );
      } else if (m.type === "result") report = { result: m.result as T, max_rss_bytes: m.max_rss_bytes, process_cpu_ms: m.process_cpu_ms };
      else failure = m.message;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (report && !failure) resolve({ ...report, wall_ms: performance.now() - started });
      else reject(new Error(failure ?? `worker ${name} exited with ${signal ?? code} and no result`));
    });
  });
}

// ---- worker side ----------------------------------------------------------------------------------

/** In a worker: wait until the parent has handled `name`. */
export function phase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const onMsg = (m: ParentMsg) => {
      if (m.type !== "ack") return;
      process.off("message", onMsg);
      resolve();
    };
    process.on("message", onMsg);
    process.send!({ type: "phase", name } satisfies ChildMsg);
  });
}

/** In a worker: parse the arguments, run `fn`, send its result, and exit. */
export async function worker<A, T>(fn: (args: A) => Promise<T>): Promise<void> {
  const send = (m: ChildMsg) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  try {
    const result = await fn(JSON.parse(process.argv[2] ?? "{}") as A);
    const cpu = process.cpuUsage();
    await send({ type: "result", result, max_rss_bytes: process.resourceUsage().maxRSS * 1024, process_cpu_ms: (cpu.user + cpu.system) / 1000 });
  } catch (e) {
    await send({ type: "error", message: (e as Error).stack ?? String(e) });
  }
  process.disconnect();
  process.exit(0);
}

/** CPU time of this process since `from`, in ms. */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
