// The shell's file system IS the world: just-bash's IFileSystem over a World. The drive, sheets and
// config files live under the agent's home, each server is a folder under /servers, and everything
// else the agent makes is its workspace (stored in the world too). Nothing here touches the real disk.
import type { CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import { serverFileStub, serverPlace, type ConfigValue, type ServerFile, type WorkspaceNode } from "../state.js";
import { WorldError, type World } from "../world.js";
import { CONFIG, DOCS, HOME, SERVERS, SHEETS, TMP, baseOf, isWithin, joinPath, parentOf, resolvePath, segments } from "./layout.js";
import { configYaml, parseConfigYaml, sheetCsv } from "./render.js";

/** What a shell may do beyond plain files, per scenario (mirrors the tools of the tools harness). */
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

function fail(code: keyof typeof DESCRIPTIONS, op: string, path: string, why?: string): never {
  throw new FsError(code, `${code}: ${DESCRIPTIONS[code]}, ${op} '${path}'${why ? ` (${why})` : ""}`);
}

type Loc =
  | { kind: "dir"; path: string }
  | { kind: "drive"; path: string; name: string }
  | { kind: "sheet"; path: string; name: string }
  | { kind: "config"; path: string; name: string }
  | { kind: "server"; path: string; ip: string; name: string }
  | { kind: "ws"; path: string }
  /** Inside a flat company folder or an unknown server: nothing can exist or be created there. */
  | { kind: "none"; path: string; why: string };

/** A file's text and what it stands for, when it is read to be copied or moved. */
interface Entry {
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

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");
const SHEET_EXT = ".csv";

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
  return { [TMP]: { type: "dir", modified: epoch, mode: 0o1777 } };
}

export class WorldFs implements IFileSystem {
  private readonly world: World;
  private readonly opts: WorldFsOptions;
  private readonly limits: FsLimits;
  /** Config files emptied by this command, with what they held. */
  private readonly truncated = new Map<string, Record<string, ConfigValue>>();

  constructor(world: World, opts: WorldFsOptions) {
    this.world = world;
    this.opts = opts;
    this.limits = opts.limits ?? DEFAULT_FS_LIMITS;
    for (const ip of world.serverIps()) for (const [, f] of world.serverFiles(ip)) opts.blobs.note(f);
  }

  private get ws(): Record<string, WorkspaceNode> {
    return (this.world.state.workspace ??= {});
  }

  // ---- locating paths -----------------------------------------------------------------------------

  /** Folders that always exist in this world. */
  private fixedDirs(): Set<string> {
    const s = this.world.state;
    const dirs = new Set(["/", "/home", HOME, DOCS]);
    if (this.opts.folders.sheets) dirs.add(SHEETS);
    if (this.opts.folders.config) dirs.add(CONFIG);
    const ips = Object.keys(s.servers);
    if (ips.length) {
      dirs.add(SERVERS);
      for (const ip of ips) dirs.add(joinPath(SERVERS, ip));
    }
    return dirs;
  }

  private locate(path: string): Loc {
    const fixed = this.fixedDirs();
    if (fixed.has(path)) return { kind: "dir", path };
    const parent = parentOf(path);
    const name = baseOf(path);
    if (parent === DOCS) return { kind: "drive", path, name };
    if (parent === SHEETS && fixed.has(SHEETS)) return { kind: "sheet", path, name };
    if (parent === CONFIG && fixed.has(CONFIG)) return { kind: "config", path, name };
    if (parentOf(parent) === SERVERS && fixed.has(parent)) return { kind: "server", path, ip: baseOf(parent), name };
    for (const flat of [DOCS, SHEETS, CONFIG]) if (fixed.has(flat) && isWithin(path, flat)) return { kind: "none", path, why: `${flat} holds files only` };
    if (fixed.has(SERVERS) && isWithin(path, SERVERS)) return { kind: "none", path, why: parent === SERVERS ? "servers cannot be created" : "server folders hold files only" };
    return { kind: "ws", path };
  }

  /** Follow workspace symbolic links through the path (and the last part too when `followLast`). */
  private canonical(path: string, op: string, followLast = true): string {
    let parts = segments(resolvePath("/", path));
    let cur = "/";
    let hops = 0;
    for (let i = 0; i < parts.length; ) {
      const next = joinPath(cur, parts[i]!);
      const node = this.ws[next];
      const last = i === parts.length - 1;
      if (node?.type === "symlink" && (!last || followLast)) {
        if (++hops > 40) fail("ELOOP", op, path);
        const target = resolvePath(cur, node.target);
        parts = [...segments(target), ...parts.slice(i + 1)];
        cur = "/";
        i = 0;
        continue;
      }
      cur = next;
      i++;
    }
    return cur;
  }

  private exists_(loc: Loc): boolean {
    const s = this.world.state;
    switch (loc.kind) {
      case "dir":
        return true;
      case "drive":
        return loc.name in s.drive;
      case "sheet":
        return loc.name.endsWith(SHEET_EXT) && loc.name.slice(0, -SHEET_EXT.length) in s.sheets;
      case "config":
        return loc.name in s.configs;
      case "server":
        return loc.name in (s.servers[loc.ip]?.files ?? {});
      case "ws":
        return loc.path in this.ws;
      case "none":
        return false;
    }
  }

  private isDir(loc: Loc): boolean {
    return loc.kind === "dir" || (loc.kind === "ws" && this.ws[loc.path]?.type === "dir");
  }

  private requireParentDir(path: string, op: string): void {
    const parent = this.locate(parentOf(path));
    if (!this.exists_(parent)) fail("ENOENT", op, path);
    if (!this.isDir(parent)) fail("ENOTDIR", op, path);
  }

  // ---- reading ------------------------------------------------------------------------------------

  private entry(loc: Loc, op: string): Entry {
    const s = this.world.state;
    const missing = () => fail("ENOENT", op, loc.path);
    switch (loc.kind) {
      case "dir":
        return fail("EISDIR", op, loc.path);
      case "drive": {
        const f = s.drive[loc.name] ?? missing();
        return { text: f.content, modified: f.modified, identity: this.opts.blobs.identify(f.content), place: `drive:${loc.name}` };
      }
      case "sheet": {
        if (!this.exists_(loc)) missing();
        return { text: sheetCsv(s.sheets[loc.name.slice(0, -SHEET_EXT.length)]!), modified: this.opts.epoch, place: `drive:${loc.name}` };
      }
      case "config": {
        const c = s.configs[loc.name] ?? missing();
        return { text: configYaml(c), modified: this.opts.epoch, place: `drive:${loc.name}` };
      }
      case "server": {
        const f = s.servers[loc.ip]?.files[loc.name] ?? missing();
        this.opts.blobs.note(f);
        const text = f.content ?? serverFileStub(f);
        const identity = f.content === undefined ? { size: f.size, summary: f.summary } : this.opts.blobs.identify(text);
        return { text, modified: f.modified, identity, place: serverPlace(loc.ip, loc.name), server: f };
      }
      case "ws": {
        const n = this.ws[loc.path] ?? missing();
        if (n.type === "dir") return fail("EISDIR", op, loc.path);
        if (n.type === "symlink") return missing();
        return { text: n.content, modified: n.modified, identity: this.opts.blobs.identify(n.content), place: `workspace:${loc.path}` };
      }
      case "none":
        return missing();
    }
  }

  readText(path: string): string {
    return this.entry(this.locate(this.canonical(path, "open")), "open").text;
  }

  async readFile(path: string, options?: { encoding?: string | null } | string): Promise<string> {
    const text = this.readText(path);
    const enc = typeof options === "string" ? options : options?.encoding;
    return enc === "binary" || enc === "latin1" ? Buffer.from(text, "utf8").toString("latin1") : text;
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    return new Uint8Array(Buffer.from(this.readText(path), "utf8"));
  }

  async readFileBytes(path: string): Promise<never> {
    // just-bash's ByteString is a latin1-shaped string: one char per byte.
    return Buffer.from(this.readText(path), "utf8").toString("latin1") as never;
  }

  statSync(path: string, followLast = true): FsStat {
    const p = this.canonical(path, "stat", followLast);
    const loc = this.locate(p);
    if (!this.exists_(loc)) fail("ENOENT", "stat", path);
    const base = { isFile: false, isDirectory: false, isSymbolicLink: false };
    if (loc.kind === "dir") return { ...base, isDirectory: true, mode: 0o755, size: 0, mtime: new Date(this.opts.epoch) };
    if (loc.kind === "ws") {
      const n = this.ws[loc.path]!;
      if (n.type === "dir") return { ...base, isDirectory: true, mode: n.mode, size: 0, mtime: new Date(n.modified) };
      if (n.type === "symlink") return { ...base, isSymbolicLink: true, mode: 0o777, size: n.target.length, mtime: new Date(n.modified) };
    }
    const e = this.entry(loc, "stat");
    const mode = loc.kind === "sheet" ? 0o444 : loc.kind === "ws" ? (this.ws[loc.path] as { mode: number }).mode : 0o644;
    return { ...base, isFile: true, mode, size: e.identity?.size ?? byteLength(e.text), mtime: new Date(e.modified) };
  }

  async stat(path: string): Promise<FsStat> {
    return this.statSync(path, true);
  }

  async lstat(path: string): Promise<FsStat> {
    return this.statSync(path, false);
  }

  async exists(path: string): Promise<boolean> {
    try {
      this.statSync(path);
      return true;
    } catch {
      return false;
    }
  }

  readdirSync(path: string): DirentEntry[] {
    const p = this.canonical(path, "scandir");
    const loc = this.locate(p);
    if (!this.exists_(loc)) fail("ENOENT", "scandir", path);
    if (!this.isDir(loc)) fail("ENOTDIR", "scandir", path);
    const s = this.world.state;
    const names = new Map<string, DirentEntry>();
    const add = (name: string, type: "file" | "dir" | "symlink") => names.set(name, { name, isFile: type === "file", isDirectory: type === "dir", isSymbolicLink: type === "symlink" });
    for (const d of this.fixedDirs()) if (d !== "/" && parentOf(d) === p) add(baseOf(d), "dir");
    if (p === DOCS) for (const n of Object.keys(s.drive)) add(n, "file");
    if (p === SHEETS) for (const n of Object.keys(s.sheets)) add(n + SHEET_EXT, "file");
    if (p === CONFIG) for (const n of Object.keys(s.configs)) add(n, "file");
    if (parentOf(p) === SERVERS && s.servers[baseOf(p)]) for (const n of Object.keys(s.servers[baseOf(p)]!.files)) add(n, "file");
    for (const [wp, n] of Object.entries(this.ws)) if (wp !== "/" && parentOf(wp) === p) add(baseOf(wp), n.type);
    return [...names.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async readdir(path: string): Promise<string[]> {
    return this.readdirSync(path).map((d) => d.name);
  }

  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return this.readdirSync(path);
  }

  readlinkSync(path: string): string {
    const p = this.canonical(path, "readlink", false);
    const n = this.ws[p];
    if (!n && !this.exists_(this.locate(p))) fail("ENOENT", "readlink", path);
    if (n?.type !== "symlink") fail("EINVAL", "readlink", path);
    return n.target;
  }

  realpathSync(path: string): string {
    const p = this.canonical(path, "realpath");
    if (!this.exists_(this.locate(p))) fail("ENOENT", "realpath", path);
    return p;
  }

  resolvePath(base: string, path: string): string {
    return resolvePath(base, path);
  }

  getAllPaths(): string[] {
    const s = this.world.state;
    const out = new Set<string>(this.fixedDirs());
    for (const n of Object.keys(s.drive)) out.add(joinPath(DOCS, n));
    for (const n of Object.keys(s.sheets)) out.add(joinPath(SHEETS, n + SHEET_EXT));
    for (const n of Object.keys(s.configs)) out.add(joinPath(CONFIG, n));
    for (const [ip, srv] of Object.entries(s.servers)) for (const n of Object.keys(srv.files)) out.add(joinPath(joinPath(SERVERS, ip), n));
    for (const p of Object.keys(this.ws)) out.add(p);
    return [...out].sort();
  }

  // ---- writing ------------------------------------------------------------------------------------

  private checkSize(text: string, op: string, path: string, replacing = 0): void {
    const size = byteLength(text);
    if (size > this.limits.maxFileBytes) fail("EFBIG", op, path, `files are limited to ${this.limits.maxFileBytes} bytes`);
    if (this.usedBytes() - replacing + size > this.limits.maxBytes) fail("ENOSPC", op, path, `the sandbox holds at most ${this.limits.maxBytes} bytes of files`);
  }

  private usedBytes(): number {
    const s = this.world.state;
    let n = 0;
    for (const f of Object.values(s.drive)) n += byteLength(f.content);
    for (const srv of Object.values(s.servers)) for (const f of Object.values(srv.files)) if (f.content !== undefined) n += byteLength(f.content);
    for (const node of Object.values(this.ws)) if (node.type === "file") n += byteLength(node.content);
    return n;
  }

  private currentBytes(loc: Loc): number {
    try {
      const e = this.entry(loc, "open");
      return e.identity && loc.kind === "server" && !e.server?.content ? 0 : byteLength(e.text);
    } catch {
      return 0;
    }
  }

  /** Put text at a location, as a write (`>`), a copy (`from` set) or a move (`keep` the time). */
  private put(loc: Loc, text: string, op: string, how: { from?: string; modified?: string; identity?: BlobIdentity } = {}): void {
    const identity = how.identity ?? this.opts.blobs.identify(text);
    const journal = (to: string) => identity && this.world.journal({ op: how.modified ? "move" : how.from ? "copy" : "write", from: how.from, to, summary: identity.summary, modified: how.modified ?? this.world.now() });
    switch (loc.kind) {
      case "dir":
        return fail("EISDIR", op, loc.path);
      case "none":
        return fail(this.exists_(this.locate(parentOf(loc.path))) ? "EPERM" : "ENOENT", op, loc.path, loc.why);
      case "sheet":
        return fail("EACCES", op, loc.path, "spreadsheets are read-only");
      case "config": {
        const values = parseConfigYaml(text);
        if (!values) {
          // The shell truncates before it writes (`>`): a refused write leaves the file as it was.
          const before = this.truncated.get(loc.name);
          if (before) this.world.writeConfig(loc.name, before);
          fail("EINVAL", op, loc.path, "a config file must stay a YAML mapping of keys to single values");
        }
        if (text === "" && this.world.state.configs[loc.name]) this.truncated.set(loc.name, { ...this.world.state.configs[loc.name]! });
        else this.truncated.delete(loc.name);
        this.world.writeConfig(loc.name, values);
        return;
      }
      case "drive": {
        this.checkSize(text, op, loc.path, this.currentBytes(loc));
        this.world.writeDriveFile(loc.name, text);
        if (how.modified) this.world.setDriveModified(loc.name, how.modified);
        journal(`drive:${loc.name}`);
        return;
      }
      case "server": {
        const file = identity ? { size: identity.size, summary: identity.summary } : { size: byteLength(text), summary: "", content: text };
        if (!identity) this.checkSize(text, op, loc.path, this.currentBytes(loc));
        if (how.modified) {
          this.world.server(loc.ip).files[loc.name] = { ...file, modified: how.modified };
          this.world.journal({ op: "move", from: how.from, to: serverPlace(loc.ip, loc.name), summary: file.summary, modified: how.modified });
        } else this.world.writeServerFile(loc.ip, loc.name, file, how.from);
        return;
      }
      case "ws": {
        this.requireParentDir(loc.path, op);
        const existing = this.ws[loc.path];
        if (existing?.type === "dir") fail("EISDIR", op, loc.path);
        if (!existing && Object.keys(this.ws).length >= this.limits.maxNodes) fail("ENOSPC", op, loc.path, `the workspace holds at most ${this.limits.maxNodes} entries`);
        this.checkSize(text, op, loc.path, this.currentBytes(loc));
        this.ws[loc.path] = { type: "file", content: text, modified: how.modified ?? this.world.now(), mode: existing?.type === "file" ? existing.mode : 0o644 };
        journal(`workspace:${loc.path}`);
        return;
      }
    }
  }

  writeText(path: string, text: string): void {
    const loc = this.locate(this.canonical(path, "open"));
    this.put(loc, text, "open");
  }

  async writeFile(path: string, content: FileContent, options?: { encoding?: string } | string): Promise<void> {
    this.writeText(path, decodeContent(content, options));
  }

  appendFileSync(path: string, add: string): void {
    const loc = this.locate(this.canonical(path, "open"));
    if (!this.exists_(loc)) return this.put(loc, add, "open");
    if (loc.kind === "drive") {
      this.checkSize(this.world.state.drive[loc.name]!.content + add, "open", loc.path, this.currentBytes(loc));
      return this.world.appendToFile(loc.name, add);
    }
    // Appending to data the sandbox does not store turns it into a plain text file: its identity is gone.
    const e = this.entry(loc, "open");
    this.put(loc, e.text + add, "open");
  }

  mkdirSync(path: string, options?: MkdirOptions): void {
    const p = this.canonical(path, "mkdir");
    const loc = this.locate(p);
    if (this.exists_(loc)) {
      if (options?.recursive && this.isDir(loc)) return;
      fail("EEXIST", "mkdir", path);
    }
    if (loc.kind !== "ws") fail("EPERM", "mkdir", path, loc.kind === "none" ? loc.why : "only files can be created here");
    const parent = this.locate(parentOf(p));
    if (!this.exists_(parent)) {
      if (!options?.recursive) fail("ENOENT", "mkdir", path);
      this.mkdirSync(parentOf(p), { recursive: true });
    } else if (!this.isDir(parent)) fail("ENOTDIR", "mkdir", path);
    if (Object.keys(this.ws).length >= this.limits.maxNodes) fail("ENOSPC", "mkdir", path);
    this.ws[p] = { type: "dir", modified: this.world.now(), mode: 0o755 };
  }

  rmSync(path: string, options?: RmOptions): void {
    const p = this.canonical(path, "rm", false);
    const loc = this.locate(p);
    if (!this.exists_(loc)) {
      if (options?.force) return;
      fail("ENOENT", "rm", path);
    }
    this.remove(loc, options?.recursive ?? false, path);
  }

  private remove(loc: Loc, recursive: boolean, shown: string): void {
    switch (loc.kind) {
      case "dir":
        return fail("EPERM", "rm", shown, "company folders cannot be removed");
      case "sheet":
        return fail("EACCES", "rm", shown, "spreadsheets are read-only");
      case "drive":
        return this.world.deleteFile(loc.name);
      case "config":
        return this.world.deleteConfig(loc.name);
      case "server":
        if (this.opts.profile.serverDelete !== "direct") fail("EPERM", "rm", shown, `files on servers are deleted through the delete queue: delete-queue add ${loc.ip} <file>`);
        return this.world.deleteServerFile(loc.ip, loc.name);
      case "none":
        return fail("ENOENT", "rm", shown);
      case "ws": {
        const n = this.ws[loc.path]!;
        const children = Object.keys(this.ws).filter((k) => k !== loc.path && isWithin(k, loc.path));
        if (n.type === "dir" && children.length && !recursive) fail("ENOTEMPTY", "rm", shown);
        for (const c of children) delete this.ws[c];
        delete this.ws[loc.path];
      }
    }
  }

  cpSync(src: string, dest: string, options?: CpOptions): void {
    const s = this.canonical(src, "cp");
    const d = this.canonical(dest, "cp");
    const from = this.locate(s);
    if (!this.exists_(from)) fail("ENOENT", "cp", src);
    if (this.isDir(from)) {
      if (!options?.recursive) fail("EISDIR", "cp", src, "use -r to copy a folder");
      if (isWithin(d, s)) fail("EINVAL", "cp", dest, "cannot copy a folder into itself");
      this.mkdirSync(d, { recursive: true });
      for (const child of this.readdirSync(s)) this.cpSync(joinPath(s, child.name), joinPath(d, child.name), options);
      return;
    }
    this.copyFile(from, this.locate(d), "cp");
  }

  private copyFile(from: Loc, to: Loc, op: string): void {
    const e = this.entry(from, op);
    if (from.kind === "server" && to.kind === "server" && e.server && e.server.content === undefined) {
      return this.world.copyServerFileTo(from.ip, from.name, to.ip, to.name);
    }
    this.put(to, e.text, op, { from: e.place, identity: e.identity });
  }

  mvSync(src: string, dest: string): void {
    const s = this.canonical(src, "mv", false);
    const d = this.canonical(dest, "mv", false);
    const from = this.locate(s);
    const to = this.locate(d);
    if (!this.exists_(from)) fail("ENOENT", "mv", src);
    if (s === d) return;
    if (from.kind === "dir") fail("EPERM", "mv", src, "company folders cannot be moved");
    if (from.kind === "sheet") fail("EACCES", "mv", src, "spreadsheets are read-only");
    if (from.kind === "ws") return this.moveWorkspace(from.path, to, dest);
    if (from.kind === "server" && to.kind === "server") return this.world.moveServerFile(from.ip, from.name, to.ip, to.name);
    if (this.isDir(to)) fail("EISDIR", "mv", dest);
    const e = this.entry(from, "mv");
    this.put(to, e.text, "mv", { from: e.place, identity: e.identity, modified: e.modified });
    if (from.kind === "server") this.world.detachServerFile(from.ip, from.name);
    else if (from.kind === "drive") this.world.deleteFile(from.name);
    else if (from.kind === "config") this.world.deleteConfig(from.name);
  }

  private moveWorkspace(s: string, to: Loc, dest: string): void {
    const node = this.ws[s]!;
    if (node.type === "dir") {
      if (to.kind !== "ws") fail("EPERM", "mv", dest, "folders can only be moved within the workspace");
      if (isWithin(to.path, s)) fail("EINVAL", "mv", dest, "cannot move a folder into itself");
      if (this.exists_(to)) fail("EEXIST", "mv", dest);
      this.requireParentDir(to.path, "mv");
      for (const k of Object.keys(this.ws).filter((k) => isWithin(k, s)).sort()) {
        this.ws[to.path + k.slice(s.length)] = this.ws[k]!;
        delete this.ws[k];
      }
      return;
    }
    if (node.type === "symlink") {
      if (to.kind !== "ws") fail("EPERM", "mv", dest, "links can only live in the workspace");
      this.requireParentDir(to.path, "mv");
      this.ws[to.path] = node;
      delete this.ws[s];
      return;
    }
    if (this.isDir(to)) fail("EISDIR", "mv", dest);
    const e = this.entry({ kind: "ws", path: s }, "mv");
    if (to.kind === "ws") {
      this.requireParentDir(to.path, "mv");
      this.ws[to.path] = node;
      delete this.ws[s];
      if (e.identity) this.world.journal({ op: "move", from: e.place, to: `workspace:${to.path}`, summary: e.identity.summary, modified: e.modified });
      return;
    }
    this.put(to, e.text, "mv", { from: e.place, identity: e.identity, modified: e.modified });
    delete this.ws[s];
  }

  chmodSync(path: string, mode: number): void {
    const p = this.canonical(path, "chmod");
    const loc = this.locate(p);
    if (!this.exists_(loc)) fail("ENOENT", "chmod", path);
    const n = loc.kind === "ws" ? this.ws[loc.path] : undefined;
    if (!n || n.type === "symlink") fail("EPERM", "chmod", path, "only your own files' permissions can change");
    n.mode = mode & 0o7777;
  }

  symlinkSync(target: string, linkPath: string): void {
    const l = joinPath(this.canonical(parentOf(resolvePath("/", linkPath)), "symlink"), baseOf(resolvePath("/", linkPath)));
    const loc = this.locate(l);
    if (this.exists_(loc) || this.ws[l]) fail("EEXIST", "symlink", linkPath);
    if (loc.kind !== "ws") fail("EPERM", "symlink", linkPath, "links can only be made in the workspace");
    this.requireParentDir(l, "symlink");
    this.ws[l] = { type: "symlink", target, modified: this.world.now() };
  }

  linkSync(_existing: string, newPath: string): void {
    fail("EPERM", "link", newPath, "hard links are not supported");
  }

  utimesSync(path: string, _atime: Date, mtime: Date): void {
    const p = this.canonical(path, "utimes");
    const loc = this.locate(p);
    if (!this.exists_(loc)) fail("ENOENT", "utimes", path);
    const at = new Date(mtime.getTime()).toISOString();
    if (loc.kind === "drive") this.world.setDriveModified(loc.name, at);
    else if (loc.kind === "server") this.world.setServerFileModified(loc.ip, loc.name, at);
    else if (loc.kind === "ws") this.ws[loc.path]!.modified = at;
    // Folders, sheets and config files keep no time of their own: touching them changes nothing.
  }

  // ---- IFileSystem: every operation finishes synchronously; the async forms satisfy the interface ----

  async appendFile(path: string, content: FileContent, options?: { encoding?: string } | string): Promise<void> {
    this.appendFileSync(path, decodeContent(content, options));
  }
  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    this.mkdirSync(path, options);
  }
  async rm(path: string, options?: RmOptions): Promise<void> {
    this.rmSync(path, options);
  }
  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    this.cpSync(src, dest, options);
  }
  async mv(src: string, dest: string): Promise<void> {
    this.mvSync(src, dest);
  }
  async chmod(path: string, mode: number): Promise<void> {
    this.chmodSync(path, mode);
  }
  async symlink(target: string, linkPath: string): Promise<void> {
    this.symlinkSync(target, linkPath);
  }
  async link(existing: string, newPath: string): Promise<void> {
    this.linkSync(existing, newPath);
  }
  async readlink(path: string): Promise<string> {
    return this.readlinkSync(path);
  }
  async realpath(path: string): Promise<string> {
    return this.realpathSync(path);
  }
  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    this.utimesSync(path, atime, mtime);
  }
}

function decodeContent(content: FileContent, options?: { encoding?: string } | string): string {
  const enc = typeof options === "string" ? options : options?.encoding;
  if (typeof content !== "string") return Buffer.from(content).toString("utf8");
  return enc === "binary" || enc === "latin1" ? Buffer.from(content, "latin1").toString("utf8") : content;
}

/** Map a world error raised inside a file operation to the errno-style error the shell expects. */
export function asFsError(e: unknown, op: string, path: string): Error {
  if (e instanceof WorldError) return new FsError("EPERM", `EPERM: operation not permitted, ${op} '${path}' (${e.message})`);
  return e as Error;
}
