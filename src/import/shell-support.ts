// Helpers of the shell replay (shell-replay.ts): the hosts and folders of the study's production
// harness, the command words that only read or only wrap, and small path and word utilities.
import { posix } from "node:path";
import type { Word } from "./shell-words.js";

/** The agent's own container: where commands run unless inside `ssh <server>`. */
export const AGENT = "agent";
export const AGENT_HOME = "/root";
export const AGENT_CWD = "/workspace";
export const SERVER_HOME = "/home/maintainer";

/** Commands that change no file: passed over without a note. */
export const READ_ONLY = new Set([
  "ls",
  "ll",
  "df",
  "du",
  "cat",
  "head",
  "tail",
  "less",
  "more",
  "stat",
  "file",
  "echo",
  "printf",
  "pwd",
  "whoami",
  "hostname",
  "id",
  "wc",
  "grep",
  "egrep",
  "md5sum",
  "sha256sum",
  "sha1sum",
  "b2sum",
  "cksum",
  "sort",
  "uniq",
  "true",
  "false",
  "sleep",
  "date",
  "which",
  "type",
  "uname",
  "ssh-agent",
  "ssh-add",
  "ssh-keyscan",
  "ssh-keygen",
  "eval",
  "export",
  "test",
  "[",
  "mkdir",
  "tree",
  "free",
  "uptime",
  "ps",
  "env",
  "printenv",
  "ping",
  "nslookup",
  "getent",
  "ip",
  "ifconfig",
  "mount",
  "lsblk",
  "findmnt",
  "xxd",
  "hexdump",
  "od",
  "readlink",
  "realpath",
  "basename",
  "dirname",
  "column",
  "cut",
  "tr",
  "set",
  "history",
  "exit",
  "ss",
  "netstat",
  "nc",
]);
/** Prefixes that run the rest of the line as a command. */
export const WRAPPERS = new Set(["sudo", "nohup", "time", "command", "exec", "builtin", "nice", "timeout", "sshpass", "stdbuf", "ionice"]);
/** Options of ssh and scp that take a value. */
export const SSH_VALUE_OPTS = new Set("BbcDEeFIiJLlmOopQRSWw".split(""));
export const SCP_VALUE_OPTS = new Set("cDFiJloPSX".split(""));

export type Place = { kind: "server"; ip: string; name: string } | { kind: "serverdir"; ip: string } | { kind: "other"; host: string; path: string };

export interface Held {
  size: number;
  summary: string;
}

/** The index of ssh's destination among its arguments (after the options). */
export function sshTarget(args: readonly Word[]): number {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!.text;
    if (!a.startsWith("-") || a === "-") break;
    const flag = a.slice(1);
    if (flag.length === 1 && SSH_VALUE_OPTS.has(flag)) i++;
  }
  return i;
}

/** The command ssh runs on the server, as the server's shell reads it; null for an interactive login. */
export function sshCommand(args: readonly Word[]): string | null {
  const rest = args.slice(sshTarget(args) + 1);
  return rest.length ? rest.map((w) => w.text).join(" ") : null;
}

export function homeOf(host: string): string {
  return host === AGENT ? AGENT_HOME : SERVER_HOME;
}

/** The servers' data folder: `/data` at the top level, or `data` in the maintainer's home. */
export function isData(abs: string): boolean {
  return abs === "/data" || abs === `${SERVER_HOME}/data`;
}

export function nameOf(p: Place): string {
  return p.kind === "server" ? p.name : p.kind === "other" ? posix.basename(p.path) : "";
}

export function key(p: Extract<Place, { kind: "other" }>): string {
  return `${p.host}|${p.path}`;
}

/** A journal place: server files as the world writes them, anything else as the agent's own files. */
export function placeText(p: Place): string {
  return p.kind === "server" ? `server:${p.ip}/${p.name}` : p.kind === "other" ? `workspace:${p.host === AGENT ? "" : `${p.host}:`}${p.path}` : "";
}

/** Strip prefixes that run the rest of the line (sudo, nohup, sshpass -p X, VAR=x env …). */
export function unwrap(words: Word[]): Word[] {
  let w = words;
  for (let guard = 0; guard < 8 && w.length; guard++) {
    const head = w[0]!.text;
    if (!WRAPPERS.has(head)) break;
    let i = 1;
    while (i < w.length && (w[i]!.text.startsWith("-") || (head === "timeout" && /^\d/.test(w[i]!.text)))) {
      if (/^-[pfnucgC]$/.test(w[i]!.text) || w[i]!.text === "-n") i++;
      i++;
    }
    w = w.slice(i);
  }
  return w;
}

export function globRegex(pattern: string): RegExp {
  let re = "";
  for (const ch of pattern) re += ch === "*" ? ".*" : ch === "?" ? "." : /[\\^$.|+(){}]/.test(ch) ? `\\${ch}` : ch;
  return new RegExp(`^${re}$`, "s");
}

export function short(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}
