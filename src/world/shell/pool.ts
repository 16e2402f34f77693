// The sandbox threads that run shell commands, shared by every episode in the process. A thread holds
// no episode's state: each command brings its world view (answered from the main thread), its instant
// and its random seed, and runs in a fresh just-bash. Starting a thread and loading its commands costs
// far more than running one, so threads are kept and reused; idle ones stop on their own, and a thread
// whose command overruns is terminated and replaced. Commands on one thread never overlap, because
// time and randomness are frozen per command in the thread's globals.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

export interface SandboxJob {
  /** Sent to the thread as the exec message (without execId). */
  message: Record<string, unknown>;
  hardTimeoutMs: number;
  /** Answers one request of the running command (a file operation or a company command). */
  onRequest(m: { type: "fs" | "cmd"; reqId: number } & Record<string, unknown>): { ok: boolean; value?: unknown; error?: { code: string; message: string }; paths?: string[] };
}

export interface SandboxOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  stopped?: "timeout" | "crashed";
}

export interface PoolOptions {
  size?: number;
  /** An idle thread stops after this long. */
  idleMs?: number;
  maxHeapMb?: number;
}

type Message = { type: "ready" } | ({ type: "fs" | "cmd"; reqId: number; execId: number } & Record<string, unknown>) | { type: "done"; execId: number; stdout: string; stderr: string; exitCode: number };

interface Slot {
  worker: Worker;
  busy: boolean;
  idle: ReturnType<typeof setTimeout> | null;
}

export class SandboxPool {
  private readonly size: number;
  private readonly idleMs: number;
  private readonly maxHeapMb: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: { job: SandboxJob; resolve: (o: SandboxOutcome) => void }[] = [];
  private starting = 0;
  private nextExec = 1;

  constructor(opts: PoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? Math.min(4, availableParallelism()));
    this.idleMs = opts.idleMs ?? 30_000;
    this.maxHeapMb = opts.maxHeapMb ?? 256;
  }

  run(job: SandboxJob): Promise<SandboxOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /** Stop every thread (queued commands still run on new ones). */
  close(): void {
    for (const s of this.slots) this.drop(s);
  }

  private pump(): void {
    while (this.queue.length) {
      const free = [...this.slots].find((s) => !s.busy);
      if (free) {
        this.dispatch(free, this.queue.shift()!);
        continue;
      }
      if (this.slots.size + this.starting < this.size) {
        this.starting++;
        this.spawn().then(
          (slot) => {
            this.starting--;
            this.slots.add(slot);
            this.pump();
          },
          (e: Error) => {
            this.starting--;
            const next = this.queue.shift();
            next?.resolve({ stdout: "", stderr: `bash: the shell could not start (${e.message})\n`, exitCode: 126, stopped: "crashed" });
            this.pump();
          },
        );
      }
      return;
    }
  }

  private spawn(): Promise<Slot> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL("./worker.mjs", import.meta.url), {
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 32 },
        // Captured and dropped: nothing the sandbox prints may reach the CLI's stdout.
        stdout: true,
        stderr: true,
      });
      worker.stdout.resume();
      worker.stderr.resume();
      const onError = (e: Error) => reject(e);
      worker.once("error", onError);
      worker.once("message", (m: Message) => {
        worker.off("error", onError);
        if (m.type !== "ready") return reject(new Error("unexpected first message from the sandbox"));
        const slot: Slot = { worker, busy: false, idle: null };
        worker.on("error", () => undefined);
        worker.once("exit", () => this.slots.delete(slot));
        worker.unref();
        resolve(slot);
      });
    });
  }

  private dispatch(slot: Slot, item: { job: SandboxJob; resolve: (o: SandboxOutcome) => void }): void {
    const { worker } = slot;
    const { job } = item;
    const execId = this.nextExec++;
    slot.busy = true;
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    worker.ref();
    let settled = false;
    const finish = (o: SandboxOutcome, dead = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("exit", onExit);
      if (dead) this.drop(slot);
      else this.release(slot);
      item.resolve(o);
      this.pump();
    };
    const timer = setTimeout(() => finish({ stdout: "", stderr: "", exitCode: 124, stopped: "timeout" }, true), job.hardTimeoutMs);
    const onExit = () => finish({ stdout: "", stderr: "", exitCode: 137, stopped: "crashed" }, true);
    const onMessage = (m: Message) => {
      if (m.type === "ready" || m.execId !== execId) return;
      if (m.type === "done") return finish({ stdout: m.stdout, stderr: m.stderr, exitCode: m.exitCode });
      worker.postMessage({ type: "reply", reqId: m.reqId, ...job.onRequest(m) });
    };
    worker.on("message", onMessage);
    worker.once("exit", onExit);
    worker.postMessage({ ...job.message, type: "exec", execId });
  }

  private release(slot: Slot): void {
    slot.busy = false;
    slot.worker.unref();
    slot.idle = setTimeout(() => this.drop(slot), this.idleMs);
    slot.idle.unref();
  }

  private drop(slot: Slot): void {
    if (slot.idle) clearTimeout(slot.idle);
    this.slots.delete(slot);
    void slot.worker.terminate();
  }
}

let shared: SandboxPool | null = null;

/**
 * The process's sandbox pool, made on first use. Shared rather than passed down because it holds no
 * episode state and is invisible to results: it only decides which thread runs a command.
 */
export function sharedSandboxPool(): SandboxPool {
  shared ??= new SandboxPool();
  return shared;
}
