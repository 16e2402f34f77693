// The shell's sandbox thread: runs just-bash with time and randomness frozen per command, and forwards
// every file operation and company command to the main thread, where the world lives (session.ts).
// It holds no logic of its own beyond that forwarding; a runaway command is stopped by terminating the
// thread. Its messages are protocol.ts's; its generator is the project's Rng and its paths resolve as
// layout.ts resolves them. Run from the sources it is loaded through tsx (pool.ts); built, as worker.js.
import { parentPort } from "node:worker_threads";
import { Bash, decodeBytesToUtf8, defineCommand, unsafeBytesFromLatin1, type FsStat, type IFileSystem } from "just-bash";
import { Rng } from "../../util/index.js";
import { resolvePath } from "./layout.js";
import type { CommandOutput, ExecMessage, FromSandbox, FsCalls, FsMethod, ToSandbox, WireStat } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("the shell sandbox runs only as a worker thread");
const post = (m: FromSandbox) => port.postMessage(m);

// ---- a clock and a random generator that only the main thread sets -----------------------------

const RealDate = globalThis.Date;
let instant = 0;
class SandboxDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(instant);
    else super(...(args as [string | number | Date]));
  }
  static override now(): number {
    return instant;
  }
}
globalThis.Date = SandboxDate as DateConstructor;

let rng = Rng.fromState([1, 2, 3, 4]);
Math.random = () => rng.float();
try {
  Object.defineProperty(globalThis.performance, "now", { value: () => 0, configurable: true });
} catch {
  // performance.now stays real; just-bash uses it for diagnostics only
}

// ---- requests to the main thread ---------------------------------------------------------------

let nextRequest = 1;
let currentExec = 0;
let knownPaths: string[] = [];
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function ask(body: (reqId: number, execId: number) => FromSandbox): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const reqId = nextRequest++;
    pending.set(reqId, { resolve, reject });
    post(body(reqId, currentExec));
  });
}

/** One file operation, answered by the world in the main thread. */
function fsCall<M extends FsMethod>(method: M, ...args: FsCalls[M]["args"]): Promise<FsCalls[M]["value"]> {
  // The union cannot be narrowed by a generic method name; the table types both ends.
  return ask((reqId, execId) => ({ type: "fs", reqId, execId, method, args }) as FromSandbox) as Promise<FsCalls[M]["value"]>;
}

type Encoding = { encoding?: string | null } | string | null | undefined;
const encodingOf = (options: Encoding): string | null | undefined => (typeof options === "string" || options === null ? options : options?.encoding);
const toStat = (s: WireStat): FsStat => ({ ...s, mtime: new RealDate(s.mtime) });

/** just-bash's IFileSystem, answered by the world in the main thread. */
const worldFs: IFileSystem = {
  readFile: (path, options) => fsCall("readFile", path, encodingOf(options as Encoding) ?? null),
  readFileBytes: async (path) => unsafeBytesFromLatin1(await fsCall("readFile", path, "latin1")),
  readFileBuffer: async (path) => new Uint8Array(Buffer.from(await fsCall("readFile", path, null), "utf8")),
  writeFile: (path, content, options) => write("writeFile", path, content, options as Encoding),
  appendFile: (path, content, options) => write("appendFile", path, content, options as Encoding),
  exists: (path) => fsCall("exists", path),
  stat: async (path) => toStat(await fsCall("stat", path)),
  lstat: async (path) => toStat(await fsCall("lstat", path)),
  mkdir: (path, options) => fsCall("mkdir", path, options ?? {}),
  readdir: (path) => fsCall("readdir", path),
  readdirWithFileTypes: (path) => fsCall("readdirWithFileTypes", path),
  rm: (path, options) => fsCall("rm", path, options ?? {}),
  cp: (src, dest, options) => fsCall("cp", src, dest, options ?? {}),
  mv: (src, dest) => fsCall("mv", src, dest),
  chmod: (path, mode) => fsCall("chmod", path, mode),
  symlink: (target, linkPath) => fsCall("symlink", target, linkPath),
  link: (existing, newPath) => fsCall("link", existing, newPath),
  readlink: (path) => fsCall("readlink", path),
  realpath: (path) => fsCall("realpath", path),
  utimes: (path, atime, mtime) => fsCall("utimes", path, new RealDate(atime).toISOString(), new RealDate(mtime).toISOString()),
  resolvePath,
  getAllPaths: () => knownPaths,
};

/**
 * just-bash does not catch a failing write behind a redirection (`>`, `>>`, `&>`): it would abandon the
 * whole command line. Such writes carry an explicit encoding, commands' own writes do not; a refused
 * redirection is therefore noted and reported with the command's output, and the line goes on.
 */
let refusals: string[] = [];
async function write(method: "writeFile" | "appendFile", path: string, content: string | Uint8Array, options: Encoding): Promise<void> {
  const enc = encodingOf(options);
  try {
    await fsCall(method, path, text(content, enc));
  } catch (e) {
    if (enc !== "binary" && enc !== "utf8") throw e;
    const line = `bash: ${path}: ${(e as Error).message}\n`;
    if (!refusals.includes(line)) refusals.push(line);
  }
}

/** File contents cross to the world as UTF-8 text. */
function text(content: string | Uint8Array, enc: string | null | undefined): string {
  if (typeof content !== "string") return Buffer.from(content).toString("utf8");
  return enc === "binary" || enc === "latin1" ? Buffer.from(content, "latin1").toString("utf8") : content;
}

async function runExec(m: ExecMessage): Promise<void> {
  currentExec = m.execId;
  instant = RealDate.parse(m.instant);
  rng = Rng.fromState(m.random);
  knownPaths = m.paths;
  refusals = [];
  let result: CommandOutput;
  try {
    const bash = new Bash({
      fs: worldFs,
      cwd: m.cwd,
      env: { ...m.env },
      commands: m.builtins as NonNullable<ConstructorParameters<typeof Bash>[0]>["commands"],
      customCommands: [
        ...m.unavailable.map((name) => defineCommand(name, async () => ({ stdout: "", stderr: `bash: ${name}: command not found\n`, exitCode: 127 }))),
        ...m.company.map((name) =>
          defineCommand(
            name,
            async (args, ctx) =>
              (await ask((reqId, execId) => ({ type: "cmd", reqId, execId, name, args, cwd: ctx.cwd, stdin: decodeBytesToUtf8(ctx.stdin) }))) as CommandOutput,
          ),
        ),
      ],
      executionLimits: m.limits,
      sleep: async () => {},
      processInfo: { pid: 4242, ppid: 4241, uid: 1000, gid: 1000 },
    });
    const r = await bash.exec(m.script, { rawScript: true });
    result = { stdout: r.stdout, stderr: r.stderr + refusals.join(""), exitCode: refusals.length && r.exitCode === 0 ? 1 : r.exitCode };
  } catch (e) {
    result = { stdout: "", stderr: `bash: ${String((e as { message?: unknown } | null)?.message ?? e)}\n`, exitCode: 1 };
  }
  post({ type: "done", execId: m.execId, ...result });
}

port.on("message", (m: ToSandbox) => {
  switch (m.type) {
    case "reply": {
      const p = pending.get(m.reqId);
      if (!p) return;
      pending.delete(m.reqId);
      if (m.paths) knownPaths = m.paths;
      if (m.ok) p.resolve(m.value);
      else p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      return;
    }
    case "exec":
      void runExec(m);
      return;
    default:
      m satisfies never;
  }
});

post({ type: "ready" });
