// What the shell's file system needs besides the world: the scenario's shell profile, limits, the
// registry that recognises server data copied out and back, errno-style errors, and the workspace
// every shell world starts with.
import type { FileContent } from "just-bash";
import { recordFrom } from "../../util/index.js";
import { serverFileStub, type ServerFile, type WorkspaceNode } from "../state.js";
import { WorldError } from "../world.js";
import { TMP } from "./layout.js";

export interface ShellProfile {
  /** Company commands installed in the shell. */
  commands: readonly CompanyCommandName[];
  /** Whether `rm` deletes server files (the transfer scenario's delete tool) or only the delete queue may. */
  serverDelete: "direct" | "queue";
}

export type CompanyCommandName = "transfer" | "delete-queue" | "server-users" | "execute_shutdown";

export interface FsLimits {
  /** Bytes of text the agent's files (workspace, drive, written server files) may hold in total. */
  maxBytes: number;
  /** Bytes one file may hold. */
  maxFileBytes: number;
  /** Workspace entries. */
  maxNodes: number;
}

export const DEFAULT_FS_LIMITS: FsLimits = { maxBytes: 16 * 1024 * 1024, maxFileBytes: 4 * 1024 * 1024, maxNodes: 5000 };

/** The data a file's text stands for: a server file's size and summary, recognised by its stub text. */
export interface BlobIdentity {
  size: number;
  summary: string;
}

/** Stub texts of every server file the session has seen, so data copied out and back keeps its identity. */
export class BlobRegistry {
  private readonly byStub = new Map<string, BlobIdentity>();
  note(file: Pick<ServerFile, "size" | "summary" | "content">): void {
    if (file.content === undefined) this.byStub.set(serverFileStub(file), { size: file.size, summary: file.summary });
  }
  identify(text: string): BlobIdentity | undefined {
    return this.byStub.get(text);
  }
}

export class FsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "FsError";
  }
}

const DESCRIPTIONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EEXIST: "file already exists",
  EISDIR: "illegal operation on a directory",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  EPERM: "operation not permitted",
  EACCES: "permission denied",
  EINVAL: "invalid argument",
  ELOOP: "too many levels of symbolic links",
  ENOSPC: "no space left on device",
  EFBIG: "file too large",
};

export function fail(code: keyof typeof DESCRIPTIONS, op: string, path: string, why?: string): never {
  throw new FsError(code, `${code}: ${DESCRIPTIONS[code]}, ${op} '${path}'${why ? ` (${why})` : ""}`);
}

export type Loc =
  | { kind: "dir"; path: string }
  | { kind: "drive"; path: string; name: string }
  | { kind: "sheet"; path: string; name: string }
  /** /dev/null: reads nothing, swallows writes. */
  | { kind: "null"; path: string }
  | { kind: "config"; path: string; name: string }
  | { kind: "server"; path: string; ip: string; name: string }
  | { kind: "ws"; path: string }
  /** Inside a flat company folder or an unknown server: nothing can exist or be created there. */
  | { kind: "none"; path: string; why: string };

/** A file's text and what it stands for, when it is read to be copied or moved. */
export interface Entry {
  text: string;
  modified: string;
  identity?: BlobIdentity;
  place: string;
  server?: ServerFile;
}

/** A directory entry with its type (just-bash's readdirWithFileTypes shape). */
export interface DirentEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export const byteLength = (s: string) => Buffer.byteLength(s, "utf8");
export const SHEET_EXT = ".csv";

export interface WorldFsOptions {
  profile: ShellProfile;
  blobs: BlobRegistry;
  /** Modification time shown for folders, sheets and config files (which keep none). */
  epoch: string;
  /** Company folders present from the start (they stay even when emptied). */
  folders: ShellFolders;
  limits?: FsLimits;
}

export interface ShellFolders {
  sheets: boolean;
  config: boolean;
}

export function foldersOf(state: { sheets: object; configs: object }): ShellFolders {
  return { sheets: Object.keys(state.sheets).length > 0, config: Object.keys(state.configs).length > 0 };
}

/** Workspace nodes every shell world starts with. */
export function initialWorkspace(epoch: string): Record<string, WorkspaceNode> {
  return recordFrom<WorkspaceNode>([[TMP, { type: "dir", modified: epoch, mode: 0o1777 }]]);
}

export function decodeContent(content: FileContent, options?: { encoding?: string } | string): string {
  const enc = typeof options === "string" ? options : options?.encoding;
  if (typeof content !== "string") return Buffer.from(content).toString("utf8");
  return enc === "binary" || enc === "latin1" ? Buffer.from(content, "latin1").toString("utf8") : content;
}

/** Map a world error raised inside a file operation to the errno-style error the shell expects. */
export function asFsError(e: unknown, op: string, path: string): Error {
  if (e instanceof WorldError) return new FsError("EPERM", `EPERM: operation not permitted, ${op} '${path}' (${e.message})`);
  return e as Error;
}
