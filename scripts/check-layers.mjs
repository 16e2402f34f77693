// `npm run check:layers`: the layering of src/ (docs/ARCHITECTURE.md, "Layers") checked by
// dependency-cruiser against the rules in .dependency-cruiser.cjs.
//
// dependency-cruiser reads TypeScript only through the TypeScript 5 compiler API, and this project
// pins TypeScript 7 (the native compiler, which has no such API). So the sources are first turned
// into JavaScript by the project's own `tsc` with `verbatimModuleSyntax` (every import kept as
// written), each module a file names only in types added as a `typeOnly("x")` call (withTypeEdges):
// a type-only import is an edge between the layers like any other, though not at run time. The
// JavaScript keeps the folder layout and the rules match paths, so the report names the source files
// (with `.js` for `.ts`).
//
//   node scripts/check-layers.mjs [--root <dir>] [--config <file>] [--json]
//
// --root is the project to check (default: the current folder; the test points it at fixtures that
// break the rules to prove the check fails); --config defaults to <this project>/.dependency-cruiser.cjs;
// --json prints dependency-cruiser's whole result instead of the list of violations.
// Besides dependency-cruiser's rules, two kinds are checked here: the config's `loads` rules
// (loadViolations) and that every folder of src/ is in a layer (unlayered).
// Exit status: 0 when no rule is broken, 1 when one is, 2 on a usage or tool error.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, symlinkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The folders checked: the library and the CLI. Tests, benches and scripts may reach anywhere. */
const FOLDERS = ["src"];
const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const args = { root: process.cwd(), config: join(projectRoot, ".dependency-cruiser.cjs"), json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--json") args.json = true;
    else if ((flag === "--root" || flag === "--config") && value !== undefined) {
      args[flag.slice(2)] = resolve(value);
      i += 1;
    } else throw new Error(`unknown argument ${JSON.stringify(flag)} (expected --root <dir>, --config <file> or --json)`);
  }
  return args;
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** `import type … from "x"` and `export type … from "x"`: a whole statement for types only. */
const TYPE_IMPORT = /\b(?:import|export)\s+type\b[^;'"]*?\sfrom\s*(["'])([^"']+)\1/g;
/** `typeof import("x")` and `import("x").Name` in a type (not `.then`, `.catch`, `.finally`). */
const IMPORT_TYPE = /(?:\btypeof\s+import\(\s*(["'])([^"']+)\1\s*\)|\bimport\(\s*(["'])([^"']+)\3\s*\)\.(?!then\b|catch\b|finally\b)[A-Za-z_$])/g;
/** Every statement or call that names a module, type-only or not. */
const ANY_IMPORT = /(?:\b(?:import|export)\b[^;'"]*?\sfrom\s*|\bimport\s*\(?\s*)(["'])([^"']+)\1/g;

/** The name the type-only edges are written under; the config counts them as `exotic-require`. */
export const TYPE_ONLY = "typeOnly";

/**
 * The TypeScript source with a `typeOnly("x");` call added for each module it names only in types,
 * which the emitted JavaScript would otherwise drop. A type-only import is an edge like any other
 * between the layers, but not at run time, so the rule against module cycles can tell them apart
 * (dependency-cruiser reports them as the "exotic require" `typeOnly`). The source is left as it is.
 */
export function withTypeEdges(source) {
  const typeOnly = new Set();
  for (const m of source.matchAll(TYPE_IMPORT)) typeOnly.add(m[2]);
  for (const m of source.matchAll(IMPORT_TYPE)) typeOnly.add(m[2] ?? m[4]);
  const elsewhere = new Set();
  for (const m of source.replace(TYPE_IMPORT, "").replace(IMPORT_TYPE, "").matchAll(ANY_IMPORT)) elsewhere.add(m[2]);
  const lines = [...typeOnly].filter((s) => !elsewhere.has(s)).map((s) => `${TYPE_ONLY}(${JSON.stringify(s)});`);
  return lines.length === 0 ? source : `${source}\n${lines.join("\n")}\n`;
}

/** Copies the folders into work/in (TypeScript, made plain) and work/out (everything else). */
function stage(root, work) {
  let count = 0;
  for (const folder of FOLDERS) {
    const from = join(root, folder);
    if (!existsSync(from)) continue;
    for (const file of filesUnder(from)) {
      const rel = relative(root, file);
      if (/\.[cm]?ts$/.test(file) && !file.endsWith(".d.ts")) {
        const dest = join(work, "in", rel);
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, withTypeEdges(readFileSync(file, "utf8")));
        count += 1;
      } else {
        // Plain JavaScript and data files are part of the graph as they are.
        cpSync(file, join(work, "out", rel));
      }
    }
  }
  return count;
}

function emit(work) {
  const compilerOptions = {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    verbatimModuleSyntax: true,
    noCheck: true,
    noEmitOnError: false,
    skipLibCheck: true,
    resolveJsonModule: true,
    types: [],
    rootDir: "in",
    outDir: "out",
  };
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["in/**/*.ts", "in/**/*.mts", "in/**/*.cts"] }));
  const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  // With noCheck, tsc stops only on syntax; the type check is `npm run typecheck`.
  const run = spawnSync(process.execPath, [tsc, "-p", join(work, "tsconfig.json")], { encoding: "utf8" });
  if (run.error) throw run.error;
  if (run.status !== 0 && /error TS1\d{3}/.test(run.stdout)) throw new Error(`tsc could not parse the sources:\n${run.stdout}`);
}

async function cruiseFolders(work, config) {
  const { cruise } = await import("dependency-cruiser");
  const out = join(work, "out");
  // Packages resolve from this project's node_modules, so the rules can name the libraries reached.
  symlinkSync(join(projectRoot, "node_modules"), join(out, "node_modules"), "dir");
  const folders = FOLDERS.filter((f) => existsSync(join(out, f)));
  const cwd = process.cwd();
  process.chdir(out); // dependency-cruiser resolves and names modules relative to the working folder
  try {
    const { output } = await cruise(folders, { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, outputType: "json" });
    return typeof output === "string" ? JSON.parse(output) : output;
  } finally {
    process.chdir(cwd);
  }
}

/** A dependency that loads its module when the importer loads: not `import()`, not type-only. */
const loadsAtOnce = (d) => !d.dynamic && !d.dependencyTypes.includes("exotic-require");

/**
 * The config's `loads` rules, which dependency-cruiser cannot say (its reachability follows `import()`
 * and type-only imports too): from the modules matching a rule's `roots`, following only imports that
 * load at once, no module outside its `allowed` (or inside its `forbidden`) is reached. Returns one
 * line per module reached that breaks a rule, with the chain of imports that loads it.
 */
export function loadViolations(result, rules) {
  const modules = new Map(result.modules.map((m) => [m.source, m]));
  const lines = [];
  for (const rule of rules ?? []) {
    const roots = rule.roots.map((r) => new RegExp(r));
    const allowed = rule.allowed === undefined ? null : new RegExp(rule.allowed);
    const forbidden = rule.forbidden === undefined ? null : new RegExp(rule.forbidden);
    const via = new Map();
    const queue = result.modules.filter((m) => roots.some((r) => r.test(m.source))).map((m) => m.source);
    for (const root of queue) via.set(root, null);
    while (queue.length > 0) {
      const source = queue.shift();
      for (const d of modules.get(source)?.dependencies ?? []) {
        if (!loadsAtOnce(d) || d.coreModule || via.has(d.resolved)) continue;
        via.set(d.resolved, source);
        if ((allowed && !allowed.test(d.resolved)) || forbidden?.test(d.resolved)) {
          const chain = [d.resolved];
          for (let at = source; at !== null; at = via.get(at) ?? null) chain.unshift(at);
          lines.push(`  error ${rule.name}: ${chain.join(" → ")}`);
        } else queue.push(d.resolved);
      }
    }
  }
  return lines;
}

/** Folders and top-level files of src/ that the config's LAYERS leave out, so no layer rule covers them. */
export function unlayered(result, layers) {
  const known = new Set((layers ?? []).flat());
  const tops = new Set();
  for (const m of result.modules) {
    const top = /^src\/([^/]+)(\/)?/.exec(m.source);
    if (top) tops.add(top[2] ? top[1] : top[1].replace(/\.js$/, ".ts"));
  }
  return [...tops].filter((t) => !known.has(t)).map((t) => `  error unlayered: src/${t} is in no layer of LAYERS (.dependency-cruiser.cjs)`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = require(args.config);
  const work = mkdtempSync(join(tmpdir(), "peerlab-layers-"));
  try {
    if (stage(args.root, work) === 0) throw new Error(`no TypeScript under ${FOLDERS.join(", ")}/ in ${args.root}`);
    emit(work);
    const result = await cruiseFolders(work, config);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const { format } = await import("dependency-cruiser");
    const report = await format(result, { outputType: "err" });
    const loads = loadViolations(result, config.loads);
    const loose = unlayered(result, config.layers);
    process.stdout.write(String(report.output));
    if (loads.length > 0)
      process.stdout.write(
        `${loads.join("\n")}` +
          `\n\nx ${loads.length} module(s) loaded where they should not be (${config.loads.map((r) => `${r.name}: ${r.comment}`).join("; ")})\n`,
      );
    if (loose.length > 0) process.stdout.write(`${loose.join("\n")}\n\nx ${loose.length} part(s) of src/ in no layer\n`);
    return report.exitCode === 0 && loads.length === 0 && loose.length === 0 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`check:layers: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
