// The package's root folder (the one holding package.json), found from a module's own location.
// The same module runs from src/ (tests, tsx) and from dist/src/ (the compiled build), at different
// depths, so the root is searched for upward rather than assumed to be a fixed number of levels up.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageRootFrom(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** The root of the installed peerlab package. */
export const PACKAGE_ROOT = packageRootFrom(import.meta.url);
