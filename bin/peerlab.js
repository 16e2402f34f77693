#!/usr/bin/env node
// The peerlab command. It runs the compiled build (dist/, made by `npm ci` / `npm run build`), so a
// start does not compile TypeScript. In a checkout (src/ beside it) a build older than the sources is
// reported loudly on stderr and the sources run instead through tsx (a development dependency), so
// the command still does what the code now says; without tsx the older build runs.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildState } from "./build-state.js";

const root = fileURLToPath(new URL("..", import.meta.url));

// `peerlab replay` runs from the build's replay bundle (scripts/build.mjs), whose copy of the CLI shares
// one copy of each library with the replay code, loaded with V8's code cache (src/replay/code-cache.ts):
// a quicker start on every thread. That bundle leaves out the live providers' SDKs, so no other command
// runs from it, nor a branch (`--from-step`, `--provider`: it continues live, from the modules).
const args = process.argv.slice(2);
const branch = args.some((a) => /^--(?:from-step|provider)(?:=|$)/.test(a));
const replayBundle = new URL("../dist/src/replay/replay.bundle.cjs", import.meta.url);
const bundled = args.find((a) => !a.startsWith("-")) === "replay" && !branch && existsSync(replayBundle);
let prestart;
if (bundled) {
  // A run's replay threads start first, loading the bundle while this thread does (src/replay/prestart.ts),
  // and while it checks the build against the sources below (a stat per source file in a checkout).
  prestart = await import("../dist/src/replay/prestart.js");
  const loader = new URL("../dist/src/replay/code-cache.js", import.meta.url);
  prestart.prestartThreads(prestart.bundledThreadCode(loader.href, fileURLToPath(replayBundle)), prestart.threadsWanted(args));
}

const build = buildState(root);
let entry = new URL("../dist/src/cli/main.js", import.meta.url);

if (build.state === "stale" || build.state === "missing") {
  const why = build.state === "stale" ? `the build in dist/ is older than ${relative(root, build.newer)}` : "there is no build in dist/";
  let tsx = false;
  try {
    const { register } = await import("tsx/esm/api");
    register();
    tsx = true;
  } catch {
    // tsx is a development dependency: without it, the build (if any) is all there is.
  }
  if (tsx) {
    process.stderr.write(`peerlab: WARNING: ${why}; running the sources through tsx (slow start). Run \`npm run build\`.\n`);
    entry = new URL("../src/cli/main.ts", import.meta.url);
  } else if (build.state === "stale") {
    process.stderr.write(`peerlab: WARNING: ${why}; running the older build. Run \`npm run build\`.\n`);
  } else {
    process.stderr.write(`peerlab: ${why} and tsx is not installed; run \`npm ci\` (or \`npm run build\`).\n`);
    process.exit(1);
  }
}

if (prestart && build.state !== "stale" && build.state !== "missing") {
  const { loadBundle } = await import(new URL("../dist/src/replay/code-cache.js", import.meta.url).href);
  const bundle = loadBundle(fileURLToPath(replayBundle));
  process.exitCode = await bundle.exports.main(process.argv);
  await prestart.stopPrestarted();
  // Once, after a first run (or a new build): the cache then holds what this replay compiled.
  bundle.save();
} else {
  // A build older than the sources: the threads started from it are not used.
  await prestart?.stopPrestarted();
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv);
}
