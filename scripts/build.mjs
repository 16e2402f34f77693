// `npm run build` (also run by `npm ci` through `prepare`, and first by `npm test`): compiles src/ to
// JavaScript with type declarations in dist/, then copies the files the code reads at run
// time that are not TypeScript (worker scripts, the viewer's static files, SQL, JSON) beside the
// compiled modules, keeping their paths. dist/ is rebuilt from nothing each time, so a moved or
// deleted source leaves no stale module behind.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { SOURCE_DIRS, STAMP } from "../bin/build-state.js";

const root = fileURLToPath(new URL("..", import.meta.url));
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
process.stdout.write(`build: dist/ compiled from ${SOURCE_DIRS.join("/, ")}/; ${copied} asset file(s) copied; ${bundled}\n`);

/**
 * `peerlab replay` loads about 1,300 modules (LangGraph, LangChain, the SDKs); resolving and reading
 * them one by one costs most of its start. The replay code and its replay thread are also bundled
 * (dist/src/replay/*.bundle.js, sharing chunks beside them), which load about three times faster;
 * src/replay/pool.ts uses a bundle when it is there and the modules otherwise, and bin/peerlab.js runs
 * `peerlab replay` from the bundle's copy of the CLI (cli.bundle.js), so the command, the store and the
 * replay code share one copy of each library instead of loading zod, the spec and the store twice. Inside a bundle,
 * `import.meta.url` of a module of ours still names that module's own file (the sandbox thread and the
 * viewer's files are found from it), and errors.ts stays one module shared with the CLI, so a bundled
 * PeerlabError is the class the CLI catches. Without esbuild (a dependency of tsx), no bundle is made.
 *
 * The bundles are for offline replay, which never builds a live chat model (every role gets a model
 * that fails if called), so they leave out the provider SDKs (`@langchain/openai`, `@langchain/anthropic`
 * and the SDKs under them, a third of the code): in their place, classes that throw if ever built.
 * A branch, which continues live, loads the modules (src/replay/load.ts); every other command runs
 * from the modules, never from cli.bundle.js. Code loaded only through
 * `import()` (the PostgreSQL queue, the shell's rarer commands) is split into chunks of its own, read
 * only if it runs.
 */
async function bundleReplay() {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return "esbuild not installed: replay runs from the modules";
  }
  const src = join(dist, "src");
  const errors = join(src, "errors.js");
  const ours = {
    name: "peerlab-modules",
    setup(b) {
      b.onResolve({ filter: /errors\.js$/ }, (a) => {
        const path = join(a.resolveDir, a.path);
        return path === errors ? { path: "../errors.js", external: true } : undefined;
      });
      b.onLoad({ filter: /\.js$/ }, (a) => {
        if (!a.path.startsWith(src + "/")) return undefined;
        const text = readFileSync(a.path, "utf8");
        const own = `new URL(${JSON.stringify(relative(join(src, "replay"), a.path))}, import.meta.url).href`;
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
  // The replay code, its thread, and the CLI as `peerlab replay` runs it (bin/peerlab.js): one build,
  // so the three share their chunks and the CLI loads each library once.
  const entries = { index: join(src, "replay", "index.js"), worker: join(src, "replay", "worker.js"), cli: join(src, "cli", "main.js") };
  await esbuild.build({
    entryPoints: entries,
    outdir: join(src, "replay"),
    entryNames: "[name].bundle",
    chunkNames: "bundle-[hash]",
    splitting: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Native or optional modules stay outside, loaded from node_modules as before.
    external: ["better-sqlite3", "pg-native", "@mongodb-js/zstd", "node-liblzma", "playwright-core"],
    // Bundled CommonJS modules call require(); in an ES module it has to be made.
    banner: { js: 'import { createRequire as __peerlabRequire } from "node:module"; const require = __peerlabRequire(import.meta.url);' },
    plugins: [ours, offline],
    logLevel: "error",
  });
  return `replay bundled (${Object.keys(entries)
    .map((n) => `${n}.bundle.js`)
    .join(", ")})`;
}

/** A stand-in for a provider package in the offline replay bundles: its chat model classes throw if built. */
function offlineProvider(pkg) {
  const names = pkg === "@langchain/openai" ? ["ChatOpenAI", "ChatOpenAICompletions"] : ["ChatAnthropic"];
  const message = `${pkg} is not in the offline replay bundle: a replay builds no live chat model (a branch loads the modules)`;
  return names.map((n) => `export class ${n} { constructor() { throw new Error(${JSON.stringify(message)}); } }`).join("\n");
}
