// `npm run build` (also run by `npm ci` through `prepare`, and first by `npm test`): compiles src/ to
// JavaScript with type declarations in dist/, then copies the files the code reads at run
// time that are not TypeScript (worker scripts, the viewer's static files, SQL, JSON) beside the
// compiled modules, keeping their paths. dist/ is rebuilt from nothing each time, so a moved or
// deleted source leaves no stale module behind.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
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

writeFileSync(join(root, STAMP), `${JSON.stringify({ started: started.toISOString(), copied })}\n`);
utimesSync(join(root, STAMP), started, started);
process.stdout.write(`build: dist/ compiled from ${SOURCE_DIRS.join("/, ")}/; ${copied} asset file(s) copied\n`);
