// A TypeScript child-process entry (a test's helper process), compiled from the sources into one
// JavaScript file once per test file, so each child starts on plain Node. Started through
// `node --import tsx`, every child compiled its modules again through tsx's loader: about 0.7 s of CPU a
// child more than the bundle's 0.25 s, for the same code (esbuild compiles both). Packages stay
// imports of their own, resolved from the checkout's node_modules: the bundle is written under the
// checkout (.tmp/, ignored by git) and removed by the returned function.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { buildSync } from "esbuild";

const ROOT = resolve(import.meta.dirname, "../..");

export interface ChildBundle {
  /** The compiled entry, for `spawn(process.execPath, [file, ...args])`. */
  file: string;
  remove(): void;
}

/** Compile `entry` (a .ts file) and what it imports from the sources into one ES module. */
export function bundleChild(entry: string): ChildBundle {
  const parent = join(ROOT, ".tmp");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, "test-child-"));
  const file = join(dir, basename(entry).replace(/\.ts$/, ".mjs"));
  buildSync({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
