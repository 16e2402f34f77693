// What the main thread and a sandbox thread say to each other: one discriminated union per direction,
// and one table of file operations (their arguments, answers and whether they change the world) that
// the worker's file system, the main thread's answers and the pool are all typed by.
import type { BashOptions, CpOptions, FsStat, MkdirOptions, RmOptions } from "just-bash";
import type { RngState } from "../../util/index.js";
import type { CompanyCommandName, DirentEntry } from "./fs-support.js";

export type ExecutionLimits = NonNullable<BashOptions["executionLimits"]>;

/** A file's status as it crosses the thread boundary: the time as ISO text. */
export type WireStat = Omit<FsStat, "mtime"> & { mtime: string };

/** How a file is read: as UTF-8 text, or as raw bytes one character each ("latin1"/"binary"). */
export type ReadEncoding = string | null;

/** Every file operation the sandbox forwards to the world: its arguments and its answer. */
export interface FsCalls {
  readFile: { args: [path: string, encoding: ReadEncoding]; value: string };
  writeFile: { args: [path: string, text: string]; value: undefined };
  appendFile: { args: [path: string, text: string]; value: undefined };
  exists: { args: [path: string]; value: boolean };
  stat: { args: [path: string]; value: WireStat };
  lstat: { args: [path: string]; value: WireStat };
  mkdir: { args: [path: string, options: MkdirOptions]; value: undefined };
  readdir: { args: [path: string]; value: string[] };
  readdirWithFileTypes: { args: [path: string]; value: DirentEntry[] };
  rm: { args: [path: string, options: RmOptions]; value: undefined };
  cp: { args: [src: string, dest: string, options: CpOptions]; value: undefined };
  mv: { args: [src: string, dest: string]; value: undefined };
  chmod: { args: [path: string, mode: number]; value: undefined };
  symlink: { args: [target: string, linkPath: string]; value: undefined };
  link: { args: [existing: string, newPath: string]; value: undefined };
  readlink: { args: [path: string]; value: string };
  realpath: { args: [path: string]; value: string };
  utimes: { args: [path: string, atime: string, mtime: string]; value: undefined };
}
export type FsMethod = keyof FsCalls;

/** Whether each operation can change the world; after one that can, the sandbox gets the new path list. */
export const FS_MUTATES: { readonly [M in FsMethod]: boolean } = {
  readFile: false,
  writeFile: true,
  appendFile: true,
  exists: false,
  stat: false,
  lstat: false,
  mkdir: true,
  readdir: false,
  readdirWithFileTypes: false,
  rm: true,
  cp: true,
  mv: true,
  chmod: true,
  symlink: true,
  link: true,
  readlink: false,
  realpath: false,
  utimes: true,
};

/** A file operation of the running command, one variant per method. */
export type FsRequest = { [M in FsMethod]: { type: "fs"; reqId: number; execId: number; method: M; args: FsCalls[M]["args"] } }[FsMethod];

/** A company command of the running command (transfer, delete-queue, ...). */
export interface CmdRequest {
  type: "cmd";
  reqId: number;
  execId: number;
  name: CompanyCommandName;
  args: string[];
  cwd: string;
  stdin: string;
}

/** The output of a command, of a company command, or of the sandbox as a whole. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Main → sandbox: run a script. Everything the command may depend on travels with it. */
export interface ExecMessage {
  type: "exec";
  execId: number;
  script: string;
  /** The instant the whole command runs at (ISO). */
  instant: string;
  /** The state the command's random generator starts from. */
  random: RngState;
  /** Every path in the world (just-bash's glob expansion reads it). */
  paths: string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  builtins: readonly string[];
  company: readonly CompanyCommandName[];
  unavailable: readonly string[];
  limits: ExecutionLimits;
}

/** An error as it crosses the boundary: a code (ENOENT, ...) and its message. */
export interface WireError {
  code: string;
  message: string;
}

/** The answer to one request; `paths` is the new path list when the request changed the world. */
export type ReplyBody = ({ ok: true; value: unknown } | { ok: false; error: WireError }) & { paths?: string[] };
export type ReplyMessage = { type: "reply"; reqId: number } & ReplyBody;

export type ToSandbox = ExecMessage | ReplyMessage;
export type FromSandbox = { type: "ready" } | FsRequest | CmdRequest | ({ type: "done"; execId: number } & CommandOutput);

/** An exec message before the pool numbers it. */
export type ExecJob = Omit<ExecMessage, "type" | "execId">;
