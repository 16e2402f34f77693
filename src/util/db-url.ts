// PostgreSQL connection strings: which `--db` values name a server, what a well-formed one is, and the
// scrubbing of anything secret before a URL is stored or printed. A password inside the URL is refused:
// it would end up in shell history, process lists and logs. Passwords come from PGPASSWORD, ~/.pgpass or
// the PEERLAB_DB variable's URL (splitPassword takes it out before the URL goes anywhere), never from the
// command line.
import { PeerlabError } from "../errors.js";

const SCHEME = /^postgres(?:ql)?:\/\//i;

/** Whether a `--db` value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return SCHEME.test(db);
}

export interface PgTarget {
  /** The URL as given, minus nothing (it carries no password: one is refused). */
  url: string;
  /** host:port for messages (the socket directory for a unix socket). */
  host: string;
  database: string;
}

/** The URL with any password and every query parameter's value that could be secret replaced by `***`. */
export function scrubUrl(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = "***";
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key|token/i.test(k)) u.searchParams.set(k, "***");
    return u.toString();
  } catch {
    // Unparseable: keep the scheme only; whatever follows it may hold a password.
    return db.replace(/^(postgres(?:ql)?:\/\/).*$/i, "$1***");
  }
}

/**
 * A URL split into the URL without its password and the password (null when it has none). Only the
 * CLI's PEERLAB_DB variable may carry a password: the store is then given it apart from the URL, so
 * the URL every message and record shows has none.
 */
export function splitPassword(db: string): { url: string; password: string | null } {
  if (!isPostgresUrl(db)) return { url: db, password: null };
  try {
    const u = new URL(db);
    if (!u.password) return { url: db, password: null };
    const password = decodeURIComponent(u.password);
    u.password = "";
    return { url: u.toString(), password };
  } catch {
    return { url: db, password: null };
  }
}

/** Parse and check a PostgreSQL URL: malformed or password-bearing ones are ARGS_INVALID (exit 2). */
export function parsePgUrl(db: string): PgTarget {
  let u: URL;
  try {
    u = new URL(db);
  } catch {
    throw new PeerlabError("ARGS_INVALID", `--db ${scrubUrl(db)}: not a well-formed PostgreSQL URL (expected postgres://[user@]host[:port]/database)`);
  }
  const bad = (why: string) => new PeerlabError("ARGS_INVALID", `--db ${scrubUrl(db)}: ${why} (expected postgres://[user@]host[:port]/database)`);
  if (u.password || u.searchParams.has("password")) throw bad("a password in the URL is refused; put it in PGPASSWORD, ~/.pgpass or the PEERLAB_DB variable");
  if (u.port !== "" && !(Number(u.port) >= 1 && Number(u.port) <= 65535)) throw bad(`port ${u.port} is out of range`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!database || database.includes("/")) throw bad("no database name");
  const socket = u.searchParams.get("host");
  if (!u.hostname && !socket) throw bad("no host");
  const host = u.hostname ? `${decodeURIComponent(u.hostname)}:${u.port || "5432"}` : `${socket}:${u.port || "5432"}`;
  return { url: db, host, database };
}
