// `npm run build` (also run by `npm ci` through `prepare`, and first by `npm test` when dist/ is stale): compiles src/ to
// JavaScript with type declarations in dist/, then copies the files the code reads at run
// time that are not TypeScript (worker scripts, the viewer's static files, SQL, JSON) beside the
// compiled modules, keeping their paths. dist/ is rebuilt from nothing each time, so a moved or
// deleted source leaves no stale module behind.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildState, SOURCE_DIRS, STAMP } from "../bin/build-state.js";

const root = fileURLToPath(new URL("..", import.meta.url));

// `--if-stale` (what `npm test` runs): nothing to do when dist/ is newer than everything the build reads
// (bin/build-state.js), e.g. just after `npm ci` built it through `prepare`.
if (process.argv.includes("--if-stale") && buildState(root).state === "fresh") {
  process.stdout.write("build: dist/ is up to date with its sources; not rebuilt\n");
  process.exit(0);
}
const dist = join(root, "dist");
/** TypeScript sources: compiled, not copied. */
const COMPILED = /\.(?:[cm]?ts|tsx)$/;

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// The stamp's time is the moment compiling starts: a source saved during the build makes it stale.
const started = new Date();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) {
  process.stderr.write("build: the TypeScript compile failed (above); dist/ is incomplete.\n");
  process.exit(compiled.status ?? 1);
}

let copied = 0;
for (const dir of SOURCE_DIRS) {
  for (const file of filesUnder(join(root, dir))) {
    if (COMPILED.test(file)) continue;
    const target = join(dist, relative(root, file));
    // An asset must not overwrite a compiled module (e.g. worker.mjs beside a worker.mts).
    if (existsSync(target)) {
      process.stderr.write(`build: ${relative(root, file)} would overwrite the compiled ${relative(root, target)}; rename one of them.\n`);
      process.exit(1);
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied += 1;
  }
}

const bundled = await bundleReplay();

writeFileSync(join(root, STAMP), `${JSON.stringify({ started: started.toISOString(), copied })}\n`);
utimesSync(join(root, STAMP), started, started);
const warmed = bundled.startsWith("replay bundled") ? warmReplayCache() : "";
process.stdout.write(`build: dist/ compiled from ${SOURCE_DIRS.join("/, ")}/; ${copied} asset file(s) copied; ${bundled}${warmed}\n`);

/**
 * `peerlab replay` loads about 1,300 modules (LangGraph, LangChain, the SDKs); resolving and reading
 * them one by one costs most of its start. They are also bundled, with the CLI, into one CommonJS file
 * (dist/src/replay/replay.bundle.cjs): `bin/peerlab.js` runs `peerlab replay` from it, and each replay
 * thread (src/replay/pool.ts) starts from it too, so the command, the store and the replay code load one
 * copy of each library. CommonJS because Node 20 can give V8's code cache only to a script:
 * src/replay/code-cache.ts runs the bundle through `vm.Script` with the cached code the first run wrote
 * (dist/.v8-cache/, named by the bundle's hash), so later starts and threads skip parsing and compiling
 * it. Inside the bundle, `import.meta.url` of a module of ours still names that module's own file (the
 * sandbox thread and the viewer's files are found from it). Without esbuild (a dependency of tsx), no
 * bundle is made and replay runs from the modules.
 *
 * The bundle is for offline replay, which never builds a live chat model (every role gets a model
 * that fails if called), so it leaves out the provider SDKs (`@langchain/openai`, `@langchain/anthropic`
 * and the SDKs under them, a third of the code): in their place, classes that throw if ever built.
 * A branch, which continues live, runs from the modules (bin/peerlab.js; src/replay/load.ts); so does
 * every other command. Code reached only through `import()` (other commands, the PostgreSQL queue, the
 * shell's rarer commands) is in the file but compiled only if it runs.
 */
async function bundleReplay() {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return "esbuild not installed: replay runs from the modules";
  }
  const src = join(dist, "src");
  const ours = {
    name: "peerlab-modules",
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (a) => {
        if (!a.path.startsWith(src + "/")) return undefined;
        const text = readFileSync(a.path, "utf8");
        const own = `new URL(${JSON.stringify(relative(join(src, "replay"), a.path))}, __peerlabBundleUrl).href`;
        return { contents: text.replaceAll("import.meta.url", own), loader: "js" };
      });
    },
  };
  // The live providers' SDKs: never reached by an offline replay (see above).
  const offline = {
    name: "peerlab-offline-providers",
    setup(b) {
      b.onResolve({ filter: /^@langchain\/(?:openai|anthropic)$/ }, (a) => ({ path: a.path, namespace: "offline-provider" }));
      b.onLoad({ filter: /.*/, namespace: "offline-provider" }, (a) => ({ contents: offlineProvider(a.path), loader: "js" }));
    },
  };
  // What src/replay/code-cache.ts's ReplayBundle says the bundle exports: the CLI, and a replay thread.
  const entry = 'export { main } from "./cli/main.js";\nexport const thread = () => import("./replay/worker.js");\n';
  await esbuild.build({
    stdin: { contents: entry, resolveDir: src, sourcefile: "replay-bundle-entry.js", loader: "js" },
    outfile: join(src, "replay", "replay.bundle.cjs"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Native or optional modules stay outside, loaded from node_modules as before.
    external: ["better-sqlite3", "pg-native", "@mongodb-js/zstd", "node-liblzma", "playwright-core"],
    // A library's own `import.meta.url` names the bundle; ours are rewritten above to name their modules.
    define: { "import.meta.url": "__peerlabBundleUrl" },
    banner: { js: '"use strict";\nconst __peerlabBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [ours, offline],
    logLevel: "error",
  });
  const out = join(src, "replay", "replay.bundle.cjs");
  const ascii = await asciiOnly(out);
  // Its SHA-256, which names its code cache, recorded beside it with its size and time, so a start need
  // not hash it (src/replay/code-cache.ts: used only while the bundle keeps that size and time).
  const st = statSync(out);
  const sha256 = createHash("sha256").update(readFileSync(out)).digest("hex");
  writeFileSync(`${out}.sha256.json`, `${JSON.stringify({ sha256, size: st.size, mtimeMs: st.mtimeMs })}\n`);
  return `replay bundled (replay.bundle.cjs, ${ascii})`;
}

/**
 * Rewrite the bundle as ASCII where it is not already, without changing what it does, so a start can
 * read it as a one-byte string (src/replay/code-cache.ts): with one character past ASCII in 8 MB, V8
 * keeps the whole source as two bytes a character and Node decodes it as UTF-8, 50-250 ms on every
 * thread of a replay. esbuild writes strings and plain templates as ASCII; what it leaves are comments,
 * regular expression literals and tagged templates. Comments take `\uXXXX` as text; a regular
 * expression takes it as the same character (a character outside the BMP as its two UTF-16 halves,
 * which a `u` pattern reads as the one character too); a tagged template only when its tag is the
 * viewer's `html` (esbuild may rename it `html2`...), which reads the cooked strings alone
 * (test/replay/bundle-start.int.test.ts), so its escape changes nothing it sees. Anything else (an escaped
 * character in a pattern, another tag) leaves the bundle as it was, read as UTF-8. Needs acorn (a
 * pinned development dependency); without it, likewise.
 */
async function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  const non = /[^\x00-\x7f]/;
  if (!non.test(text)) return "ASCII";
  let acorn;
  try {
    acorn = await import("acorn");
  } catch {
    return "left as UTF-8: acorn not installed";
  }
  const escaped = (s) => s.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  /** [start, end) ranges to escape, in order. */
  const ranges = [];
  const comments = [];
  let refused = "";
  let previous = null;
  /** The open templates' tags, innermost last ("" for none): a template token belongs to the last. */
  const tags = [];
  const tokens = acorn.tokenizer(text, { ecmaVersion: "latest", allowHashBang: true, onComment: (_block, _t, start, end) => comments.push([start, end]) });
  for (const tok of tokens) {
    const label = tok.type.label;
    // A backquote after a template token closes it; any other opens one, tagged by a name before it.
    if (label === "`" && previous?.type.label === "template") tags.pop();
    else if (label === "`") tags.push(previous?.type.label === "name" ? String(previous.value) : "");
    const tag = tags.at(-1) ?? "";
    if (non.test(text.slice(tok.start, tok.end))) {
      const raw = text.slice(tok.start, tok.end);
      if (label === "regexp" && !/\\[^\x00-\x7f]/.test(raw)) ranges.push([tok.start, tok.end]);
      else if (label === "template" && /^html\d*$/.test(tag)) ranges.push([tok.start, tok.end]);
      else refused ||= `a ${label} token at ${tok.start}${label === "template" ? ` tagged ${tag || "(none)"}` : ""}`;
    }
    previous = tok;
  }
  for (const c of comments) if (non.test(text.slice(c[0], c[1]))) ranges.push(c);
  if (refused) return `left as UTF-8: ${refused} cannot be written in ASCII here`;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + escaped(text.slice(start, end));
    at = end;
  }
  out += text.slice(at);
  if (non.test(out)) return "left as UTF-8: a character past ASCII outside any token";
  writeFileSync(file, out);
  return "ASCII";
}

/**
 * The replay bundle's code cache (src/replay/code-cache.ts) is written by the first replay after a
 * build, once it has run, so it holds what a replay compiles. In a checkout the build makes that first
 * replay itself, `peerlab replay --verify` of the newest pinned recording (test/fixtures/pinned: a tools
 * and a shell episode) on a copy, so the first replay a user runs starts from the cache too. A failure
 * here only leaves the cache to the user's first replay.
 */
function warmReplayCache() {
  const pinned = join(root, "test", "fixtures", "pinned");
  const schema = (f) => Number(/^schema-(\d+)\.db\.gz$/.exec(f)?.[1] ?? -1);
  const newest = existsSync(pinned)
    ? readdirSync(pinned)
        .filter((f) => schema(f) >= 0)
        .sort((a, b) => schema(b) - schema(a))[0]
    : undefined;
  if (!newest) return "";
  const dir = mkdtempSync(join(tmpdir(), "peerlab-build-"));
  try {
    const run = JSON.parse(readFileSync(join(pinned, "digests.json"), "utf8"))[newest]?.run;
    if (typeof run !== "string") return "";
    const db = join(dir, "warm.db");
    writeFileSync(db, gunzipSync(readFileSync(join(pinned, newest))));
    const r = spawnSync(process.execPath, [join(root, "bin", "peerlab.js"), "replay", run, "--verify", "--json", "--threads", "1", "--db", db], {
      stdio: "ignore",
      timeout: 120_000,
    });
    return r.status === 0 ? "; its code cache written" : "; its code cache left to the first replay";
  } catch {
    return "; its code cache left to the first replay";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stand-in for a provider package in the offline replay bundles: its chat model classes throw if built. */
function offlineProvider(pkg) {
  const names = pkg === "@langchain/openai" ? ["ChatOpenAI", "ChatOpenAICompletions"] : ["ChatAnthropic"];
  const message = `${pkg} is not in the offline replay bundle: a replay builds no live chat model (a branch loads the modules)`;
  return names.map((n) => `export class ${n} { constructor() { throw new Error(${JSON.stringify(message)}); } }`).join("\n");
}
