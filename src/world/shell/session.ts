// One episode's shell: runs each command on a sandbox thread (pool.ts, worker.ts) and answers its
// file operations and company commands from the world, here in the main thread. Each command reads the
// world clock once; everything it does happens at that instant, and its randomness is seeded from it
// (and, from shell harness version 2, from the episode's seed: version.ts), so a command's output is a
// function of the episode, the world and the command. Run time, output and memory are bounded; a
// command that overruns is stopped, its thread replaced, and the episode goes on.
import type { World } from "../world.js";
import { BUILTINS } from "./builtins.js";
import { runCompanyCommand } from "./commands.js";
import { HOME } from "./layout.js";
import { sharedSandboxPool, type SandboxOutcome, type SandboxPool } from "./pool.js";
import { FS_MUTATES, type ExecutionLimits, type FsCalls, type FsRequest, type ReplyBody } from "./protocol.js";
import { commandRandom, type ShellSeeding } from "./version.js";
import { asFsError, BlobRegistry, DEFAULT_FS_LIMITS, FsError, WorldFs, type FsLimits, type ShellFolders, type ShellProfile } from "./world-fs.js";

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

/** Names a model may try that this sandbox does not have; they answer "command not found". */
export const UNAVAILABLE: readonly string[] = [
  "python",
  "python3",
  "sqlite3",
  "js-exec",
  "node",
  "curl",
  "wget",
  "html-to-markdown",
  "ssh",
  "scp",
  "rsync",
  "sudo",
  "apt",
  "apt-get",
  "pip",
];

export const SHELL_ENV: Readonly<Record<string, string>> = { HOME, USER: "agent", LOGNAME: "agent", SHELL: "/bin/bash", LANG: "C.UTF-8", PWD: HOME };

export interface ShellOptions {
  profile: ShellProfile;
  /** Time shown for folders and files that keep none (the episode's start). */
  epoch: string;
  folders: ShellFolders;
  /** The shell harness version and the episode's seed, which seed each command's randomness. */
  seeding: ShellSeeding;
  limits?: Partial<ShellLimits>;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Why the command did not finish by itself. */
  stopped?: "timeout" | "crashed";
  /** Why its thread died, when it crashed. */
  error?: string;
}

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
          random: commandRandom(this.opts.seeding, instant, script),
          paths: fs.getAllPaths(),
          cwd: HOME,
          env: SHELL_ENV,
          builtins: BUILTINS,
          company: this.opts.profile.commands,
          unavailable: UNAVAILABLE,
          limits: this.limits.bash,
        },
        onRequest: (m) => (m.type === "fs" ? answerFs(fs, m) : { ok: true, value: runCompanyCommand(m.name, m.args, frozen), paths: fs.getAllPaths() }),
      });
      return this.bound(this.recorded(outcome));
    } finally {
      this.busy = false;
    }
  }

  /** From version 2 a dead thread's error is part of the command's output, so the record keeps it. */
  private recorded(o: SandboxOutcome): ShellResult {
    // A thread that could not start has already said so in stderr.
    if (o.stopped !== "crashed" || !o.error || o.stderr !== "" || this.opts.seeding.version === "1") return o;
    return { ...o, stderr: `${o.stderr}bash: the shell stopped: ${o.error}\n` };
  }

  private bound(r: ShellResult): ShellResult {
    return { ...r, stdout: clip(r.stdout, this.limits.maxStdoutChars), stderr: clip(r.stderr, this.limits.maxStderrChars) };
  }
}

function answerFs(fs: WorldFs, m: FsRequest): ReplyBody {
  const paths = () => (FS_MUTATES[m.method] ? fs.getAllPaths() : undefined);
  try {
    const value = callFs(fs, m);
    return { ok: true, value, paths: paths() };
  } catch (e) {
    const err = asFsError(e, m.method, String(m.args[0]));
    return { ok: false, error: { code: err instanceof FsError ? err.code : "EIO", message: err.message }, paths: paths() };
  }
}

/** Run one file operation the sandbox asked for; values cross the thread boundary as plain data. */
function callFs(fs: WorldFs, m: FsRequest): FsCalls[FsRequest["method"]]["value"] {
  switch (m.method) {
    case "readFile": {
      const [path, encoding] = m.args;
      const text = fs.readText(path);
      return encoding === "latin1" || encoding === "binary" ? Buffer.from(text, "utf8").toString("latin1") : text;
    }
    case "writeFile":
      fs.writeText(...m.args);
      return undefined;
    case "appendFile":
      fs.appendFileSync(...m.args);
      return undefined;
    case "exists":
      try {
        fs.statSync(m.args[0]);
        return true;
      } catch {
        return false;
      }
    case "stat":
    case "lstat": {
      const st = fs.statSync(m.args[0], m.method === "stat");
      return { ...st, mtime: st.mtime.toISOString() };
    }
    case "readdir":
      return fs.readdirSync(m.args[0]).map((d) => d.name);
    case "readdirWithFileTypes":
      return fs.readdirSync(m.args[0]);
    case "mkdir":
      fs.mkdirSync(...m.args);
      return undefined;
    case "rm":
      fs.rmSync(...m.args);
      return undefined;
    case "cp":
      fs.cpSync(...m.args);
      return undefined;
    case "mv":
      fs.mvSync(...m.args);
      return undefined;
    case "chmod":
      fs.chmodSync(...m.args);
      return undefined;
    case "symlink":
      fs.symlinkSync(...m.args);
      return undefined;
    case "link":
      fs.linkSync(...m.args);
      return undefined;
    case "readlink":
      return fs.readlinkSync(m.args[0]);
    case "realpath":
      return fs.realpathSync(m.args[0]);
    case "utimes":
      fs.utimesSync(m.args[0], new Date(m.args[1]), new Date(m.args[2]));
      return undefined;
    default:
      return m satisfies never;
  }
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[... ${text.length - max} more characters not shown]\n`;
}
