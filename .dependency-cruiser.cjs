// The layering of src/, checked by `npm run check:layers` (scripts/check-layers.mjs, which runs
// dependency-cruiser over JavaScript emitted from the sources, type-only imports included). The
// layers are those of docs/ARCHITECTURE.md ("Layers"); change both together.
//
// Every static, dynamic and type-only import counts: lazy loading (the CLI's `await import(…)`) goes
// through the same public faces as a static import.

/**
 * The folders of src/ from the bottom up. A folder may import the folders of lower layers only;
 * folders in one layer are siblings and import neither each other nor anything above them.
 * `errors.ts` (the error map) is the bottom layer (so util may throw its errors), `index.ts` (the
 * library's public face) part of the top one.
 */
const LAYERS = [
  ["errors.ts"],
  ["util", "stats"],
  ["spec", "world"],
  ["store", "fixtures"],
  ["models", "memory"],
  ["scenarios"],
  ["rendering"],
  ["deliveries", "variants"],
  ["lineage"],
  ["peer"],
  ["episode"],
  ["scoring", "history"],
  ["runner"],
  ["report", "import"],
  ["replay", "viewer"],
  ["cli", "index.ts"],
];

/**
 * Modules another folder may import directly, past their folder's index, because that index loads
 * heavy libraries the importer must not pay for. Each must stay light: the `light-entry-stays-light`
 * rule (in `loads`) fails when one loads a heavy library.
 */
const LIGHT_ENTRIES = {
  "src/replay/pool.ts":
    "`peerlab replay <run>` starts its replay threads before it loads the replay code, so the threads and the main thread load it at the same time",
  "src/replay/load.ts": "`peerlab replay` loads the replay code from the build's bundle of it, one file instead of about 1,300 modules",
  "src/util/source-entry.ts":
    "a thread's entry when running from the sources loads esbuild (a development tool) when called; util/index.ts, which every command loads at start, must not reach it",
  "src/models/providers/families.ts":
    "scenarios/common/identity.ts names agents (\"Claude Agent 1\") from the family table alone; models/index.ts loads LangChain and the model SDKs, which `peerlab scenarios` must not",
};

/**
 * Libraries that cost start-up time: LangChain and LangSmith, the model SDKs, SQLite, PostgreSQL, the
 * web server, the browser driver, the logger (the list test/build/build.test.ts measures at run time).
 */
const HEAVY =
  "^node_modules/(@langchain/|langchain/|langsmith/|openai/|@anthropic-ai/|better-sqlite3/|pg/|pg-boss/|hono/|@hono/|playwright-core/|pino/)";

/** A regular expression matching the folders (`name/`) and top-level files (`name.ts`) of src/ named. */
const folderRe = (names) => names.map((n) => (n.endsWith(".ts") ? `${n.slice(0, -3)}\\.js$` : `${n}/`)).join("|");
const regexOf = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The light entries as the check sees them: emitted JavaScript, `.js` for `.ts`. */
const lightPaths = Object.keys(LIGHT_ENTRIES).map((p) => `^${regexOf(p.replace(/\.ts$/, ".js"))}$`);

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i + 1}`,
  comment: i === 0 ? `${layer.join(", ")} import nothing else of src/` : `${layer.join(", ")} may import only ${LAYERS.slice(0, i).flat().join(", ")}`,
  severity: "error",
  from: { path: `^src/(${folderRe(layer)})` },
  to: { path: `^src/(${folderRe(LAYERS.slice(i).flat())})`, pathNot: "^src/$1" },
}));

module.exports = {
  layers: LAYERS,
  lightEntries: LIGHT_ENTRIES,
  // Rules on what a module loads with it at run time, checked by check-layers.mjs itself:
  // dependency-cruiser's reachability follows `import()` and type-only imports too. From the modules
  // matching `roots`, following only imports that load at once, no module outside `allowed` (or
  // inside `forbidden`) is reached.
  loads: [
    {
      name: "light-entry-stays-light",
      comment: "a light entry loads no heavy library",
      roots: lightPaths,
      forbidden: HEAVY,
    },
    {
      // main.ts and, for --help, every command module: commands reach the rest of the library with
      // `await import(…)` inside their actions.
      name: "startup-stays-light",
      comment: "main.ts and the command modules load only cli, spec, util, errors.ts, commander, yaml and zod",
      roots: ["^src/cli/(main|commands/[^/]+)\\.js$"],
      allowed: "^(src/(cli|spec|util)/|src/errors\\.js$|node_modules/(commander|yaml|zod)/)",
    },
  ],
  forbidden: [
    {
      name: "no-circular",
      comment: "No module loads itself through other modules at run time (a cycle through a type-only import is harmless).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["exotic-require"] } },
    },
    {
      name: "no-folder-cycle",
      comment: "No two folders of src/ import each other, directly or through others.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "top-layer-siblings",
      comment: `${LAYERS.at(-1).join(" and ")} do not import each other`,
      severity: "error",
      from: { path: `^src/(${folderRe(LAYERS.at(-1))})` },
      to: { path: `^src/(${folderRe(LAYERS.at(-1))})`, pathNot: "^src/$1" },
    },
    {
      name: "through-the-index",
      comment: "Another folder is imported through its index.ts (or a light entry listed in this file).",
      severity: "error",
      from: { path: "^src/([^/]+)" },
      to: { path: "^src/[^/]+/.", pathNot: ["^src/$1/", "^src/[^/]+/index\\.js$", ...lightPaths] },
    },
    {
      name: "not-to-unresolvable",
      comment: "Every import names a module that exists.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "^node_modules" },
    // "cjs" only to read the `typeOnly("x")` calls check-layers.mjs writes for type-only imports.
    moduleSystems: ["es6", "cjs"],
    exoticRequireStrings: ["typeOnly"],
    // node_modules is a link to the project's; keep its name so the rules can match "^node_modules/".
    preserveSymlinks: true,
  },
};
