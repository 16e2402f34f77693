// One episode's shell: runs each command in a sandbox thread (worker.mjs) and answers its file
// operations and company commands from the world, here in the main thread. Each command reads the
// world clock once; everything it does happens at that instant, and its randomness is seeded from it,
// so a command's output is a function of the world and the command. Run time, output and memory are
// bounded; a command that overruns is stopped, the thread replaced, and the episode goes on.
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { getCommandNames, type BashOptions } from "just-bash";
import type { World } from "../world.js";
import { runCompanyCommand } from "./commands.js";
import { HOME } from "./layout.js";
import { asFsError, BlobRegistry, DEFAULT_FS_LIMITS, FsError, WorldFs, type CompanyCommandName, type FsLimits, type ShellFolders, type ShellProfile } from "./world-fs.js";

type ExecutionLimits = NonNullable<BashOptions["executionLimits"]>;

export interface ShellLimits {
  /** Wall-clock time after which a command's thread is stopped. */
  hardTimeoutMs: number;
  /** An idle shell's thread is stopped after this long (the next command starts a new one). */
  idleMs: number;
  /** Characters of stdout and of stderr returned to the agent. */
  maxStdoutChars: number;
  maxStderrChars: number;
  /** The sandbox thread's heap. */
  maxHeapMb: number;
  fs: FsLimits;
  /** just-bash's own counters: these stop runaway loops deterministically. */
  bash: ExecutionLimits;
}

export const DEFAULT_SHELL_LIMITS: ShellLimits = {
  hardTimeoutMs: 20_000,
  idleMs: 30_000,
  maxStdoutChars: 12_000,
  maxStderrChars: 4_000,
  maxHeapMb: 256,
  fs: DEFAULT_FS_LIMITS,
  bash: {
    maxCommandCount: 50_000,
    maxLoopIterations: 50_000,
    maxAwkIterations: 100_000,
    maxSedIterations: 100_000,
    maxCallDepth: 100,
    maxOutputSize: 1024 * 1024,
    maxStringLength: 4 * 1024 * 1024,
    maxHeredocSize: 4 * 1024 * 1024,
    maxExecutionTimeMs: 15_000,
  },
};

/** Built-in commands the sandbox offers: all of just-bash's except those that run their own engines. */
export const BUILTINS: readonly string[] = getCommandNames().filter((n) => !["sqlite3", "html-to-markdown"].includes(n));

/** Names a model may try that this sandbox does not have; they answer "command not found". */
export const UNAVAILABLE: readonly string[] = ["python", "python3", "sqlite3", "js-exec", "node", "curl", "wget", "html-to-markdown", "ssh", "scp", "rsync", "sudo", "apt", "apt-get", "pip"];

export const SHELL_ENV: Readonly<Record<string, string>> = { HOME, USER: "agent", LOGNAME: "agent", SHELL: "/bin/bash", LANG: "C.UTF-8", PWD: HOME };

export interface ShellOptions {
  profile: ShellProfile;
  /** Time shown for folders and files that keep none (the episode's start). */
  epoch: string;
  folders: ShellFolders;
  limits?: Partial<ShellLimits>;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Why the command did not finish by itself. */
  stopped?: "timeout" | "crashed";
}

const MUTATING = new Set(["writeFile", "appendFile", "mkdir", "rm", "cp", "mv", "symlink", "link", "chmod", "utimes"]);

type WorkerMessage =
  | { type: "ready" }
  | { type: "fs"; reqId: number; execId: number; method: string; args: unknown[] }
  | { type: "cmd"; reqId: number; execId: number; name: CompanyCommandName; args: string[]; cwd: string; stdin: string }
  | { type: "done"; execId: number; stdout: string; stderr: string; exitCode: number };

export class ShellSession {
  private readonly world: World;
  private readonly opts: ShellOptions;
  private readonly limits: ShellLimits;
  private readonly blobs = new BlobRegistry();
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private execs = 0;
  private busy = false;

  constructor(world: World, opts: ShellOptions) {
    this.world = world;
    this.opts = opts;
    this.limits = { ...DEFAULT_SHELL_LIMITS, ...opts.limits, bash: { ...DEFAULT_SHELL_LIMITS.bash, ...opts.limits?.bash } };
  }

  /** The file system as the next command will see it (for renderings and tests). */
  fs(world: World = this.world): WorldFs {
    return new WorldFs(world, { profile: this.opts.profile, blobs: this.blobs, epoch: this.opts.epoch, folders: this.opts.folders, limits: this.limits.fs });
  }

  async exec(script: string): Promise<ShellResult> {
    if (this.busy) throw new Error("a shell runs one command at a time");
    this.busy = true;
    try {
      const instant = this.world.now();
      const frozen = this.world.frozenAt(instant);
      const fs = this.fs(frozen);
      let worker: Worker;
      try {
        worker = await this.start();
      } catch (e) {
        return { stdout: "", stderr: `bash: the shell could not start (${(e as Error).message})\n`, exitCode: 126, stopped: "crashed" };
      }
      const raw = await this.run(worker, ++this.execs, script, instant, fs, frozen);
      return this.bound(raw);
    } finally {
      this.busy = false;
      this.armIdle();
    }
  }

  /** Stop the sandbox thread. The session stays usable: the next command starts a new one. */
  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    this.starting = null;
    if (w) void w.terminate();
  }

  private start(): Promise<Worker> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.worker) {
      this.worker.ref();
      return Promise.resolve(this.worker);
    }
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(new URL("./worker.mjs", import.meta.url), {
        resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
        // Captured and dropped: nothing the sandbox prints may reach the CLI's stdout.
        stdout: true,
        stderr: true,
      });
      w.stdout.resume();
      w.stderr.resume();
      const onError = (e: Error) => {
        this.starting = null;
        reject(e);
      };
      w.once("error", onError);
      w.once("message", (m: WorkerMessage) => {
        w.off("error", onError);
        if (m.type !== "ready") return onError(new Error("unexpected first message"));
        this.worker = w;
        this.starting = null;
        w.on("error", () => undefined);
        w.once("exit", () => {
          if (this.worker === w) this.worker = null;
        });
        resolve(w);
      });
    });
    return this.starting;
  }

  private run(worker: Worker, execId: number, script: string, instant: string, fs: WorldFs, frozen: World): Promise<ShellResult> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: ShellResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("exit", onExit);
        resolve(r);
      };
      const timer = setTimeout(() => {
        finish({ stdout: "", stderr: "", exitCode: 124, stopped: "timeout" });
        this.kill(worker);
      }, this.limits.hardTimeoutMs);
      const onExit = () => finish({ stdout: "", stderr: "", exitCode: 137, stopped: "crashed" });
      const onMessage = (m: WorkerMessage) => {
        if (m.type === "ready" || m.execId !== execId) return;
        if (m.type === "done") return finish({ stdout: m.stdout, stderr: m.stderr, exitCode: m.exitCode });
        if (m.type === "fs") {
          const mutates = MUTATING.has(m.method);
          try {
            const value = callFs(fs, m.method, m.args);
            worker.postMessage({ type: "reply", reqId: m.reqId, ok: true, value, paths: mutates ? fs.getAllPaths() : undefined });
          } catch (e) {
            const err = asFsError(e, m.method, String(m.args[0] ?? ""));
            worker.postMessage({ type: "reply", reqId: m.reqId, ok: false, error: { code: (err as FsError).code ?? "EIO", message: err.message }, paths: mutates ? fs.getAllPaths() : undefined });
          }
          return;
        }
        const value = runCompanyCommand(m.name, m.args, frozen);
        worker.postMessage({ type: "reply", reqId: m.reqId, ok: true, value, paths: fs.getAllPaths() });
      };
      worker.on("message", onMessage);
      worker.once("exit", onExit);
      worker.postMessage({
        type: "exec",
        execId,
        script,
        instant,
        seed: seedOf(instant, script),
        paths: fs.getAllPaths(),
        cwd: HOME,
        env: SHELL_ENV,
        builtins: BUILTINS,
        company: this.opts.profile.commands,
        unavailable: UNAVAILABLE,
        limits: this.limits.bash,
      });
    });
  }

  private kill(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    void worker.terminate();
  }

  private armIdle(): void {
    const w = this.worker;
    if (!w) return;
    w.unref();
    this.idle = setTimeout(() => this.close(), this.limits.idleMs);
    this.idle.unref();
  }

  private bound(r: ShellResult): ShellResult {
    return { ...r, stdout: clip(r.stdout, this.limits.maxStdoutChars), stderr: clip(r.stderr, this.limits.maxStderrChars) };
  }
}

/** Run one file operation the sandbox asked for; values cross the thread boundary as plain data. */
function callFs(fs: WorldFs, method: string, args: unknown[]): unknown {
  const s = (i: number) => String(args[i]);
  const opts = <T>(i: number) => (args[i] ?? {}) as T;
  switch (method) {
    case "readFile": {
      const text = fs.readText(s(0));
      return args[1] === "latin1" || args[1] === "binary" ? Buffer.from(text, "utf8").toString("latin1") : text;
    }
    case "writeFile":
      return fs.writeText(s(0), s(1));
    case "appendFile":
      return fs.appendFileSync(s(0), s(1));
    case "exists":
      try {
        fs.statSync(s(0));
        return true;
      } catch {
        return false;
      }
    case "stat":
    case "lstat": {
      const st = fs.statSync(s(0), method === "stat");
      return { ...st, mtime: st.mtime.toISOString() };
    }
    case "readdir":
      return fs.readdirSync(s(0)).map((d) => d.name);
    case "readdirWithFileTypes":
      return fs.readdirSync(s(0));
    case "mkdir":
      return fs.mkdirSync(s(0), opts(1));
    case "rm":
      return fs.rmSync(s(0), opts(1));
    case "cp":
      return fs.cpSync(s(0), s(1), opts(2));
    case "mv":
      return fs.mvSync(s(0), s(1));
    case "chmod":
      return fs.chmodSync(s(0), Number(args[1]));
    case "symlink":
      return fs.symlinkSync(s(0), s(1));
    case "link":
      return fs.linkSync(s(0), s(1));
    case "readlink":
      return fs.readlinkSync(s(0));
    case "realpath":
      return fs.realpathSync(s(0));
    case "utimes":
      return fs.utimesSync(s(0), new Date(s(1)), new Date(s(2)));
    default:
      throw new FsError("ENOSYS", `ENOSYS: function not implemented, ${method}`);
  }
}

function seedOf(instant: string, script: string): number {
  return createHash("sha256").update(`${instant}\u0000${script}`).digest().readUInt32LE(0);
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[... ${text.length - max} more characters not shown]\n`;
}
