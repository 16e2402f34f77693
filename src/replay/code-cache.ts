// Loading the build's replay bundle (scripts/build.mjs: dist/src/replay/replay.bundle.cjs) with V8's
// code cache, so a `peerlab replay` start and each of its threads skip parsing and compiling it. Node 20
// has no compile cache for modules, but a CommonJS bundle run through `vm.Script` can take V8's cached
// data. The cache is for speed only and never trusted for anything else: its file is named by the
// bundle's own SHA-256 (recorded by the build beside it, trusted while the bundle keeps the size and
// modification time it had when hashed; else hashed at load) and the Node version and architecture,
// holds a SHA-256 of its payload checked before use, and is ignored when missing, damaged or rejected by V8 (which then compiles as usual).
// It is written once, after a command has run (so it holds the functions the replay compiled), into
// dist/.v8-cache/, and a failure to write it (a read-only install) is ignored. Light: bin/peerlab.js
// and the replay threads import it before anything else.
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, Script } from "node:vm";

/** The bundle the build makes for `peerlab replay` and its threads, and where its code cache goes. */
export const REPLAY_BUNDLE = "replay.bundle.cjs";

/** What the replay bundle exports (its entry is written in scripts/build.mjs). */
export interface ReplayBundle {
  /** The CLI's main (src/cli/main.ts), as `peerlab replay` runs it. */
  main(argv: string[]): Promise<number>;
  /** Starts a replay thread (src/replay/worker.ts) in this thread. */
  thread(): Promise<unknown>;
}

export interface LoadedBundle<T> {
  exports: T;
  /** Whether V8 took the cached code (false: none yet, damaged, or rejected; the bundle was compiled). */
  cached: boolean;
  /** Write the code cache if there was none to use: call once the work is done, so it holds what ran. Never throws. */
  save(): void;
}

/** The replay bundle beside this module, if the build made one. */
export function replayBundleFile(here: string = import.meta.url): string {
  return fileURLToPath(new URL(`./${REPLAY_BUNDLE}`, here));
}

/** Where a bundle's code cache lives: dist/.v8-cache/, next to dist/src/. */
export function cacheDirOf(bundle: string): string {
  return join(dirname(bundle), "..", "..", ".v8-cache");
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest();

/** Beside a bundle, the build's record of its SHA-256 (scripts/build.mjs), so a start need not hash 8 MB. */
export const hashFileOf = (bundle: string) => `${bundle}.sha256.json`;

/** What the build records: the bundle's SHA-256 (hex) and its size and modification time when hashed. */
export interface BundleHash {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/**
 * The bundle's SHA-256 (hex): the build's record of it while the bundle still has the size and
 * modification time it had when hashed (any rewrite changes the time), else hashed here.
 */
function bundleHash(file: string, bytes: Uint8Array): string {
  try {
    const st = statSync(file);
    const r = JSON.parse(readFileSync(hashFileOf(file), "utf8")) as Partial<BundleHash>;
    const fits = r.size === st.size && r.mtimeMs === st.mtimeMs && st.size === bytes.length;
    if (fits && typeof r.sha256 === "string" && /^[0-9a-f]{64}$/.test(r.sha256)) return r.sha256;
  } catch {
    // No record (a bundle not made by the build), or an unreadable one: hashed below.
  }
  return sha256(bytes).toString("hex");
}

/**
 * The bundle's text. The build writes it in ASCII (scripts/build.mjs), which is read here as Latin-1:
 * a one-byte string, made in a few milliseconds. UTF-8 (a bundle with a character past ASCII) makes
 * V8 hold the whole source at two bytes a character, and its decoding costs 50-250 ms on every thread.
 */
export function bundleSource(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** The cached code for `source` in `file`, or undefined when there is none or its checksum fails. */
function readCache(file: string): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length <= 32) return undefined;
  const payload = raw.subarray(32);
  return sha256(payload).equals(raw.subarray(0, 32)) ? payload : undefined;
}

/**
 * Run the CommonJS bundle `file` in this thread (as Node would require it) with V8's cached code for
 * it when there is a valid one in `cacheDir`, and return its exports.
 */
export function loadBundle<T>(file: string, cacheDir: string = cacheDirOf(file)): LoadedBundle<T> {
  const bytes = readFileSync(file);
  const key = `${basename(file)}-${bundleHash(file, bytes).slice(0, 32)}-v8-${process.versions.v8}-${process.arch}.bin`;
  const cacheFile = join(cacheDir, key);
  const cachedData = readCache(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bundleSource(bytes)}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // The bundle's few `import()` of a computed address (a branch's modules) load as in any module.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (e: T, r: NodeJS.Require, m: { exports: T }, f: string, d: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let saved = cached;
  return {
    exports: module.exports,
    cached,
    save() {
      if (saved) return;
      saved = true;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        const data = script.createCachedData();
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(tmp, Buffer.concat([sha256(data), data]));
        renameSync(tmp, cacheFile);
      } catch {
        // Only speed is lost: the next start compiles the bundle again.
        try {
          rmSync(tmp, { force: true });
        } catch {
          // nothing more to undo
        }
      }
    },
  };
}

/** A replay thread's entry when built (src/replay/pool.ts): the bundle's thread, from the code cache the CLI wrote. */
export async function startBundledThread(file: string): Promise<void> {
  await loadBundle<ReplayBundle>(file).exports.thread();
}
