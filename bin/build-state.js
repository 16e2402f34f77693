// Whether the compiled build in dist/ matches the sources beside it. The build writes dist/.build-stamp
// when it starts compiling (its mtime is that moment); a source file changed after it makes the build
// stale, and so does a folder changed after it (a source added, deleted or renamed changes its folder's
// time). Cheap enough for every start: one stat per source file and folder, stopping at the first newer one.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const STAMP = join("dist", ".build-stamp");
export const ENTRY = join("dist", "src", "cli", "main.js");
/** The folders the build compiles (and copies assets from), and its configuration files. */
export const SOURCE_DIRS = ["src"];
/**
 * What the build reads: a change under these makes dist/ stale. The build script itself, and the
 * lockfile (the replay bundle holds the libraries' code), count too.
 */
export const BUILD_INPUTS = [...SOURCE_DIRS, "tsconfig.json", "tsconfig.build.json", "scripts/build.mjs", "package-lock.json"];

function newerThan(path, since) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return null;
  if (st.mtimeMs > since) return path;
  if (!st.isDirectory()) return null;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const found = newerThan(join(path, entry.name), since);
    if (found) return found;
  }
  return null;
}

/**
 * The build's state under a package root: "installed" (no sources beside it: nothing to compare),
 * "missing" (no build), "stale" (with the first newer source found) or "fresh".
 * @param {string} root
 * @returns {{ state: "installed" | "fresh" } | { state: "missing" } | { state: "stale", newer: string }}
 */
export function buildState(root) {
  const hasEntry = existsSync(join(root, ENTRY));
  if (!existsSync(join(root, "src"))) return hasEntry ? { state: "installed" } : { state: "missing" };
  const stamp = hasEntry ? statSync(join(root, STAMP), { throwIfNoEntry: false }) : undefined;
  if (!stamp) return { state: "missing" };
  for (const input of BUILD_INPUTS) {
    const newer = newerThan(join(root, input), stamp.mtimeMs);
    if (newer) return { state: "stale", newer };
  }
  return { state: "fresh" };
}
