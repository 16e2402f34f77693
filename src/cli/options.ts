// Options every command shares, and parsing helpers that fail with ARGS_INVALID.
import { Option, type Command } from "commander";
import { PeerlabError } from "../errors.js";
// The URL helpers alone (no driver): every command's options are built at start-up.
import { scrubUrl, splitPassword } from "../util/index.js";

export const DEFAULT_DB = "runs/peerlab.db";

/**
 * `--db`: a SQLite file (the default) or a postgres:// URL; PEERLAB_DB sets it when the flag is absent.
 * A password in PEERLAB_DB is taken out here (dbPassword gives it to the store), so `opts.db` never holds one.
 */
export function withDb(cmd: Command): Command {
  const db = process.env.PEERLAB_DB ? splitPassword(process.env.PEERLAB_DB).url : DEFAULT_DB;
  return cmd.addOption(
    new Option(
      "--db <file|url>",
      "the database: a SQLite file, or postgres://[user@]host[:port]/database (password from PGPASSWORD or ~/.pgpass; also PEERLAB_DB)",
    ).default(db, scrubUrl(db)),
  );
}

/** The password PEERLAB_DB carries for `db` (the same URL without it), if any; a --db URL never brings one. */
export function dbPassword(db: string): string | undefined {
  const env = process.env.PEERLAB_DB;
  if (!env) return undefined;
  const { url, password } = splitPassword(env);
  return url === db && password !== null ? password : undefined;
}

export function withJson(cmd: Command): Command {
  return cmd.option("--json", "print exactly one JSON document on stdout");
}

/** `--allow-host <host>`, repeatable: hosts a spec's base_url may send an API key to (with PEERLAB_ALLOWED_HOSTS). */
export function withAllowHost(cmd: Command): Command {
  return cmd.option(
    "--allow-host <host>",
    "let a spec's base_url at this host receive your API key (repeatable; also PEERLAB_ALLOWED_HOSTS)",
    (v: string, prev: string[] = []) => [...prev, v],
  );
}

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new PeerlabError("ARGS_INVALID", `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new PeerlabError("ARGS_INVALID", `${name}: expected a positive number, got ${JSON.stringify(value)}`);
    return n;
  };
}

export function choiceOption(flags: string, description: string, choices: readonly string[], fallback?: string): Option {
  const o = new Option(flags, description).choices(choices as string[]);
  return fallback === undefined ? o : o.default(fallback);
}
