// The shell's sandbox thread: runs just-bash with time and randomness frozen per command, and forwards
// every file operation and company command to the main thread, where the world lives (session.ts).
// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader, and this file holds
// no logic of its own beyond that forwarding. A runaway command can be stopped by terminating the thread.
import { parentPort } from "node:worker_threads";
import { posix } from "node:path";
import { Bash, decodeBytesToUtf8, defineCommand } from "just-bash";

// ---- a clock and a random generator that only the main thread sets -----------------------------

const RealDate = globalThis.Date;
let instant = 0;
class SandboxDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(instant);
    else super(...args);
  }
  static now() {
    return instant;
  }
}
globalThis.Date = SandboxDate;

let a = 1, b = 2, c = 3, d = 4;
function seedRandom(seed) {
  a = seed >>> 0; b = 0x9e3779b9; c = 0x243f6a88; d = 0xb7e15162;
  for (let i = 0; i < 12; i++) nextRandom();
}
function nextRandom() {
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  return (t >>> 0) / 4294967296;
}
Math.random = nextRandom;
try {
  Object.defineProperty(globalThis.performance, "now", { value: () => 0, configurable: true });
} catch {
  // performance.now stays real; just-bash uses it for diagnostics only
}

// ---- requests to the main thread ---------------------------------------------------------------

let nextRequest = 1;
let currentExec = 0;
let knownPaths = [];
const pending = new Map();

function request(type, payload) {
  return new Promise((resolve, reject) => {
    const reqId = nextRequest++;
    pending.set(reqId, { resolve, reject });
    parentPort.postMessage({ type, reqId, execId: currentExec, ...payload });
  });
}

function fsCall(method, ...args) {
  return request("fs", { method, args });
}

const toDate = (s) => ({ ...s, mtime: new RealDate(s.mtime) });

/** just-bash's IFileSystem, answered by the world in the main thread. */
const worldFs = {
  readFile: (path, options) => fsCall("readFile", path, typeof options === "string" ? options : options?.encoding ?? null),
  readFileBytes: (path) => fsCall("readFile", path, "latin1"),
  readFileBuffer: async (path) => new Uint8Array(Buffer.from(await fsCall("readFile", path, null), "utf8")),
  writeFile: (path, content, options) => write("writeFile", path, content, options),
  appendFile: (path, content, options) => write("appendFile", path, content, options),
  exists: (path) => fsCall("exists", path),
  stat: async (path) => toDate(await fsCall("stat", path)),
  lstat: async (path) => toDate(await fsCall("lstat", path)),
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
  resolvePath: (base, path) => {
    const abs = posix.resolve("/", base || "/", path);
    return abs.length > 1 && abs.endsWith("/") ? abs.slice(0, -1) : abs;
  },
  getAllPaths: () => knownPaths,
};

/**
 * just-bash does not catch a failing write behind a redirection (`>`, `>>`, `&>`): it would abandon the
 * whole command line. Such writes carry an explicit encoding, commands' own writes do not; a refused
 * redirection is therefore noted and reported with the command's output, and the line goes on.
 */
let refusals = [];
async function write(method, path, content, options) {
  const enc = typeof options === "string" ? options : options?.encoding;
  try {
    return await fsCall(method, path, text(content, options));
  } catch (e) {
    if (enc !== "binary" && enc !== "utf8") throw e;
    const line = `bash: ${path}: ${e.message}\n`;
    if (!refusals.includes(line)) refusals.push(line);
  }
}

/** File contents cross to the world as UTF-8 text. */
function text(content, options) {
  const enc = typeof options === "string" ? options : options?.encoding;
  if (typeof content !== "string") return Buffer.from(content).toString("utf8");
  return enc === "binary" || enc === "latin1" ? Buffer.from(content, "latin1").toString("utf8") : content;
}

async function runExec(m) {
  currentExec = m.execId;
  instant = RealDate.parse(m.instant);
  seedRandom(m.seed);
  knownPaths = m.paths;
  refusals = [];
  let result;
  try {
    const bash = new Bash({
      fs: worldFs,
      cwd: m.cwd,
      env: m.env,
      commands: m.builtins,
      customCommands: [
        ...m.unavailable.map((name) => defineCommand(name, async () => ({ stdout: "", stderr: `bash: ${name}: command not found\n`, exitCode: 127 }))),
        ...m.company.map((name) =>
          defineCommand(name, async (args, ctx) => request("cmd", { name, args, cwd: ctx.cwd, stdin: decodeBytesToUtf8(ctx.stdin) })),
        ),
      ],
      executionLimits: m.limits,
      sleep: async () => {},
      processInfo: { pid: 4242, ppid: 4241, uid: 1000, gid: 1000 },
    });
    const r = await bash.exec(m.script, { rawScript: true });
    result = { stdout: r.stdout, stderr: r.stderr + refusals.join(""), exitCode: refusals.length && r.exitCode === 0 ? 1 : r.exitCode };
  } catch (e) {
    result = { stdout: "", stderr: `bash: ${e?.message ?? String(e)}\n`, exitCode: 1 };
  }
  parentPort.postMessage({ type: "done", execId: m.execId, ...result });
}

parentPort.on("message", (m) => {
  if (m.type === "reply") {
    const p = pending.get(m.reqId);
    if (!p) return;
    pending.delete(m.reqId);
    if (m.paths) knownPaths = m.paths;
    if (m.ok) p.resolve(m.value);
    else p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
  } else if (m.type === "exec") {
    void runExec(m);
  }
});

parentPort.postMessage({ type: "ready" });
