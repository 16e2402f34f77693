// Options every command shares, and parsing helpers that fail with ARGS_INVALID.
import { Option, type Command } from "commander";
import { PeerlabError } from "../errors.js";

export const DEFAULT_DB = "runs/peerlab.db";

export function withDb(cmd: Command): Command {
  return cmd.option("--db <file>", "the database file", DEFAULT_DB);
}

export function withJson(cmd: Command): Command {
  return cmd.option("--json", "print exactly one JSON document on stdout");
}

/** `--allow-host <host>`, repeatable: hosts a spec's base_url may send an API key to (with PEERLAB_ALLOWED_HOSTS). */
export function withAllowHost(cmd: Command): Command {
  return cmd.option("--allow-host <host>", "let a spec's base_url at this host receive your API key (repeatable; also PEERLAB_ALLOWED_HOSTS)", (v: string, prev: string[] = []) => [...prev, v]);
}

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new PeerlabError("ARGS_INVALID", `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
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
