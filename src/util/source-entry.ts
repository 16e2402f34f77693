// A worker thread's code when peerlab runs from its TypeScript sources (the tests, `tsx`), not from the
// build, and the tests' helper processes. Registering tsx's loader in each thread (or `node --import
// tsx` for a process) made each compile every one of its modules again through the loader's hooks:
// about 4 CPU-seconds to start a replay thread and 1 for a sandbox thread, against 0.2 from the build.
// Instead the entry is bundled once per process by esbuild (a dependency of tsx, so present wherever
// the sources run), with every package left external, into a file under node_modules/.cache named by
// its content's hash: the thread or process runs it as plain JavaScript and loads the libraries from
// node_modules as the build does. Inside the bundle each of our modules' `import.meta.url` still names
// its own source file, so a module finds the files beside it (the sandbox thread's entry, the viewer's
// assets) as it does unbundled.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { packageRootFrom } from "./package-root.js";

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[] };
}

const bundles = new Map<string, URL>();

/**
 * The bundled entry of the thread or process whose source module is `workerUrl` (a file: URL of a .ts
 * file), built on first use in this process and kept; the same content gives the same file, so
 * processes share it.
 */
export function bundledSourceEntry(workerUrl: string): URL {
  const known = bundles.get(workerUrl);
  if (known) return known;
  const workerFile = fileURLToPath(workerUrl);
  const root = packageRootFrom(workerUrl);
  // esbuild is loaded from tsx's own dependencies when the package root does not list it.
  const require = createRequire(join(root, "package.json"));
  const esbuild = require("esbuild") as EsbuildSync;
  const out = esbuild.buildSync({
    entryPoints: [workerFile],
    absWorkingDir: root,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    outfile: "thread.mjs",
    logLevel: "error",
  });
  const text = out.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error(`esbuild wrote no bundle for ${workerFile}`);
  const code = withOwnModuleUrls(text, root);
  // Under node_modules, so the bundle's package imports resolve from the package's own node_modules.
  const dir = join(root, "node_modules", ".cache", "peerlab-source-entries");
  const file = join(dir, `${createHash("sha256").update(code).digest("hex").slice(0, 24)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so another process never runs half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  const url = pathToFileURL(file);
  bundles.set(workerUrl, url);
  return url;
}

/**
 * esbuild's sync API takes no plugins, so each module's `import.meta.url` is set afterwards: an
 * unminified bundle opens each module's code with a comment naming its file (`// src/…/pool.ts`,
 * relative to `root`); every `import.meta.url` up to the next such comment becomes that file's URL.
 */
export function withOwnModuleUrls(bundle: string, root: string): string {
  // Spelled out in parts: the build rewrites that expression wherever it appears in its own output.
  const metaUrl = ["import", "meta", "url"].join(".");
  let url: string | null = null;
  return bundle
    .split("\n")
    .map((line) => {
      const marker = /^\/\/ ((?:src|test)\/\S+\.ts)$/.exec(line);
      if (marker) url = JSON.stringify(pathToFileURL(join(root, marker[1]!)).href);
      return url !== null && line.includes(metaUrl) ? line.replaceAll(metaUrl, url) : line;
    })
    .join("\n");
}
