// The CLI's edge: the system clock, the environment, the database and the logger. Only this layer
// reads process.env or the wall clock; the library receives them injected.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Clock } from "../util/index.js";
import { PACKAGE_ROOT } from "../util/index.js";
import { dbPassword } from "./options.js";

export { PACKAGE_ROOT };

export const systemClock: Clock = { now: () => new Date() };

export function environment(): Record<string, string | undefined> {
  return { ...process.env };
}

/** The database files this process opened, newest last: a damaged-database message names the file. */
export const openedDatabases: string[] = [];

export interface GlobalOptions {
  db: string;
  json?: boolean;
}

/**
 * Open the database. For reading, a missing file is "not found" (exit 2) and a file that cannot be
 * opened for writing (permissions, read-only media) is opened read-only. `onlyReading` opens it read-only
 * outright (db copy's source).
 */
export async function openDb(opts: { db: string }, forReading = false, onlyReading = false) {
  const { openStore, writeFaultsFromEnv, isPostgresUrl, parsePgUrl, scrubUrl } = await import("../store/index.js");
  const { PeerlabError } = await import("../errors.js");
  // A postgres:// URL names a server (checked here: malformed or carrying a password is exit 2); anything
  // else is a SQLite file. The URL is only ever printed scrubbed.
  const server = isPostgresUrl(opts.db);
  if (server) parsePgUrl(opts.db);
  const file = server ? opts.db : resolve(opts.db);
  openedDatabases.push(server ? scrubUrl(opts.db) : opts.db);
  if (forReading && !server && !existsSync(file)) throw new PeerlabError("NOT_FOUND", `no database at ${opts.db}; run an experiment first (\`peerlab demo\`)`);
  // Reliability tests make chosen writes fail (PEERLAB_FAULT_WRITES); unset, the store has no hook.
  const beforeWrite = writeFaultsFromEnv(process.env);
  // How long one write waits for another process's (PEERLAB_BUSY_TIMEOUT_MS; default 30 s).
  const busy = Number(process.env.PEERLAB_BUSY_TIMEOUT_MS);
  const busyTimeoutMs = process.env.PEERLAB_BUSY_TIMEOUT_MS && Number.isFinite(busy) && busy >= 0 ? Math.min(busy, 3_600_000) : undefined;
  const password = server ? dbPassword(opts.db) : undefined;
  // onlyReading: opened read-only from the start, so nothing (not even a migration) changes the database.
  if (onlyReading) return openStore(file, { clock: systemClock, readonly: true, busyTimeoutMs, password });
  try {
    return openStore(file, { clock: systemClock, beforeWrite, busyTimeoutMs, password });
  } catch (e) {
    if (!forReading || server) throw e;
    return openStore(file, { clock: systemClock, readonly: true, busyTimeoutMs });
  }
}

/** Whether there is a database to read: a PostgreSQL URL names a server (asked when opened), a SQLite file must exist. */
export function dbExists(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db) || existsSync(db);
}

/** Where a `--db` value points: a PostgreSQL URL as given, a SQLite file as an absolute path. */
export function dbLocation(db: string): string {
  return /^postgres(?:ql)?:\/\//i.test(db) ? db : resolve(db);
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Versions and the code's git commit, stored with every run. */
export function provenance(): Record<string, unknown> {
  let git: string | null = null;
  let dirty: boolean | null = null;
  try {
    git = execFileSync("git", ["-C", PACKAGE_ROOT, "rev-parse", "HEAD"], { encoding: "utf8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] }).trim();
    dirty =
      execFileSync("git", ["-C", PACKAGE_ROOT, "status", "--porcelain"], { encoding: "utf8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] }).trim()
        .length > 0;
  } catch {
    // not a git checkout
  }
  let deps: Record<string, string> = {};
  try {
    deps = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
  } catch {
    // keep empty
  }
  return {
    peerlab: packageVersion(),
    node: process.version,
    git,
    git_dirty: dirty,
    dependencies: Object.fromEntries(Object.entries(deps).filter(([k]) => /langchain|openai|anthropic|sqlite|zod/.test(k))),
  };
}
