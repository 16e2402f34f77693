// The sandbox threads that run shell commands, shared by every episode in the process. A thread holds
// no episode's state: each command brings its world view (answered from the main thread), its instant
// and its random seed, and runs in a fresh just-bash. Starting a thread and loading its commands costs
// far more than running one, so threads are kept and reused; idle ones stop on their own, and a thread
// whose command overruns is terminated and replaced. Commands on one thread never overlap, because
// time and randomness are frozen per command in the thread's globals. A thread that dies takes its
// error with it no more: the outcome of the command it was running says why.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { bundledSourceEntry } from "../../util/source-entry.js";
import type { CmdRequest, CommandOutput, ExecJob, FromSandbox, FsRequest, ReplyBody, ToSandbox } from "./protocol.js";

export interface SandboxJob {
  /** Sent to the thread as the exec message (the pool numbers it). */
  message: ExecJob;
  hardTimeoutMs: number;
  /** Answers one request of the running command (a file operation or a company command). */
  onRequest(m: FsRequest | CmdRequest): ReplyBody;
}

export interface SandboxOutcome extends CommandOutput {
  stopped?: "timeout" | "crashed";
  /** Why a crashed thread died (its error, or its exit code), for the record. */
  error?: string;
}

export interface PoolOptions {
  size?: number;
  /** An idle thread stops after this long. */
  idleMs?: number;
  maxHeapMb?: number;
}

/**
 * Where the sandbox thread's code is, and how it loads. Built (dist/), the compiled worker.js sits next
 * to this module and plain Node runs it. Run from the sources (tsx, vitest), this module is a .ts file:
 * the thread then starts from worker.ts bundled once per process (src/util/source-entry.ts).
 */
export function sandboxEntry(here: string = import.meta.url): { entry: URL | string; eval: boolean } {
  if (!here.endsWith(".ts")) return { entry: new URL("./worker.js", here), eval: false };
  return { entry: bundledSourceEntry(new URL("./worker.ts", here).href), eval: false };
}

interface Slot {
  worker: Worker;
  busy: boolean;
  idle: ReturnType<typeof setTimeout> | null;
  /** The last error the thread reported (an uncaught exception, running out of memory). */
  error: Error | null;
}

/** A dead thread's error as one line of the record. */
function describeDeath(error: Error | null, code: number): string {
  if (!error) return `the thread exited with code ${code}`;
  const errCode = "code" in error && typeof error.code === "string" ? `${error.code}: ` : "";
  return `${errCode}${error.message}`.split("\n")[0]!.slice(0, 300);
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
            next?.resolve({
              stdout: "",
              stderr: `bash: the shell could not start (${e.message})\n`,
              exitCode: 126,
              stopped: "crashed",
              error: describeDeath(e, 1),
            });
            this.pump();
          },
        );
      }
      return;
    }
  }

  private spawn(): Promise<Slot> {
    return new Promise((resolve, reject) => {
      const { entry, eval: isEval } = sandboxEntry();
      const worker = new Worker(entry, {
        eval: isEval,
        // Nothing of the parent's Node flags (--input-type, loaders, --inspect): the thread brings its own.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 32 },
        // Captured and dropped: nothing the sandbox prints may reach the CLI's stdout.
        stdout: true,
        stderr: true,
      });
      worker.stdout.resume();
      worker.stderr.resume();
      const onError = (e: Error) => reject(e);
      worker.once("error", onError);
      worker.once("message", (m: FromSandbox) => {
        worker.off("error", onError);
        if (m.type !== "ready") return reject(new Error("unexpected first message from the sandbox"));
        const slot: Slot = { worker, busy: false, idle: null, error: null };
        worker.on("error", (e: Error) => {
          slot.error = e;
        });
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
    const onExit = (code: number) => finish({ stdout: "", stderr: "", exitCode: 137, stopped: "crashed", error: describeDeath(slot.error, code) }, true);
    const onMessage = (m: FromSandbox) => {
      switch (m.type) {
        case "ready":
          return;
        case "done":
          if (m.execId === execId) finish({ stdout: m.stdout, stderr: m.stderr, exitCode: m.exitCode });
          return;
        case "fs":
        case "cmd":
          if (m.execId === execId) send(worker, { type: "reply", reqId: m.reqId, ...job.onRequest(m) });
          return;
        default:
          m satisfies never;
      }
    };
    worker.on("message", onMessage);
    worker.once("exit", onExit);
    send(worker, { ...job.message, type: "exec", execId });
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

function send(worker: Worker, m: ToSandbox): void {
  worker.postMessage(m);
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
