// Where the world appears in the shell: the company drive, spreadsheets and config files under the
// agent's home, each server as a folder under /servers. Paths are POSIX; ".." never leaves "/".
import { posix } from "node:path";

export const HOME = "/home/agent";
export const DOCS = `${HOME}/docs`;
export const SHEETS = `${HOME}/sheets`;
export const CONFIG = `${HOME}/config`;
export const SERVERS = "/servers";
export const TMP = "/tmp";
export const DEV_NULL = "/dev/null";

/** A path made absolute against `base` and normalised ("/a/../b/" becomes "/b"). */
export function resolvePath(base: string, path: string): string {
  const abs = posix.resolve("/", base || "/", path);
  return abs.length > 1 && abs.endsWith("/") ? abs.slice(0, -1) : abs;
}

export function parentOf(path: string): string {
  return posix.dirname(path);
}

export function baseOf(path: string): string {
  return posix.basename(path);
}

export function joinPath(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

export function segments(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/** Whether `path` is `dir` or inside it. */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
}
