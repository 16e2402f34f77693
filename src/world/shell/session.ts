// One episode's shell: runs each command on a sandbox thread (pool.ts, worker.mjs) and answers its
// file operations and company commands from the world, here in the main thread. Each command reads the
// world clock once; everything it does happens at that instant, and its randomness is seeded from it,
// so a command's output is a function of the world and the command. Run time, output and memory are
// bounded; a command that overruns is stopped, its thread replaced, and the episode goes on.
import { createHash } from "node:crypto";
import { getCommandNames, type BashOptions } from "just-bash";
import type { World } from "../world.js";
import { runCompanyCommand } from "./commands.js";
import { HOME } from "./layout.js";
import { sharedSandboxPool, type SandboxPool } from "./pool.js";
import { asFsError, BlobRegistry, DEFAULT_FS_LIMITS, FsError, WorldFs, type CompanyCommandName, type FsLimits, type ShellFolders, type ShellProfile } from "./world-fs.js";

type ExecutionLimits = NonNullable<BashOptions["executionLimits"]>;

export interface ShellLimits {
  /** Wall-clock time after which a command's thread is stopped. */
  hardTimeoutMs: number;
  /** Characters of stdout and of stderr returned to the agent. */
  maxStdoutChars: number;
  maxStderrChars: number;
  fs: FsLimits;
  /** just-bash's own counters: these stop runaway loops deterministically. */
  bash: ExecutionLimits;
}

export const DEFAULT_SHELL_LIMITS: ShellLimits = {
  hardTimeoutMs: 20_000,
  maxStdoutChars: 12_000,
  maxStderrChars: 4_000,
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

export class ShellSession {
  private readonly world: World;
  private readonly opts: ShellOptions;
  private readonly limits: ShellLimits;
  private readonly blobs = new BlobRegistry();
  private readonly pool: SandboxPool;
  private busy = false;

  constructor(world: World, opts: ShellOptions & { pool?: SandboxPool }) {
    this.world = world;
    this.opts = opts;
    this.limits = { ...DEFAULT_SHELL_LIMITS, ...opts.limits, bash: { ...DEFAULT_SHELL_LIMITS.bash, ...opts.limits?.bash } };
    this.pool = opts.pool ?? sharedSandboxPool();
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
      const outcome = await this.pool.run({
        hardTimeoutMs: this.limits.hardTimeoutMs,
        message: {
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
        },
        onRequest: (m) => (m.type === "fs" ? answerFs(fs, String(m.method), m.args as unknown[]) : { ok: true, value: runCompanyCommand(m.name as CompanyCommandName, m.args as string[], frozen), paths: fs.getAllPaths() }),
      });
      return this.bound(outcome);
    } finally {
      this.busy = false;
    }
  }

  private bound(r: ShellResult): ShellResult {
    return { ...r, stdout: clip(r.stdout, this.limits.maxStdoutChars), stderr: clip(r.stderr, this.limits.maxStderrChars) };
  }
}

function answerFs(fs: WorldFs, method: string, args: unknown[]): { ok: boolean; value?: unknown; error?: { code: string; message: string }; paths?: string[] } {
  const mutates = MUTATING.has(method);
  try {
    const value = callFs(fs, method, args);
    return { ok: true, value, paths: mutates ? fs.getAllPaths() : undefined };
  } catch (e) {
    const err = asFsError(e, method, String(args[0] ?? ""));
    return { ok: false, error: { code: (err as FsError).code ?? "EIO", message: err.message }, paths: mutates ? fs.getAllPaths() : undefined };
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
