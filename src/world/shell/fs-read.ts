// Finding and reading things in the shell's file system: where a path lands in the world (drive,
// sheets, config, a server, or the agent's workspace), following workspace links, and reading files,
// their status and folders. Writing is WorldFsWriter (fs-write.ts), the rest of the tree WorldFs
// (world-fs.ts).
import type { FsStat } from "just-bash";
import { getOwn, hasOwnKey, nullRecord } from "../../util/index.js";
import { serverFileStub, serverPlace, type WorkspaceNode } from "../state.js";
import type { World } from "../world.js";
import { CONFIG, DEV_NULL, DOCS, HOME, SERVERS, SHEETS, baseOf, isWithin, joinPath, parentOf, resolvePath, segments } from "./layout.js";
import { configYaml, sheetCsv } from "./render.js";
import { DEFAULT_FS_LIMITS, SHEET_EXT, byteLength, fail, type DirentEntry, type Entry, type FsLimits, type Loc, type WorldFsOptions } from "./fs-support.js";

export abstract class WorldFsReader {
  protected readonly world: World;
  protected readonly opts: WorldFsOptions;
  protected readonly limits: FsLimits;

  constructor(world: World, opts: WorldFsOptions) {
    this.world = world;
    this.opts = opts;
    this.limits = opts.limits ?? DEFAULT_FS_LIMITS;
    for (const ip of world.serverIps()) for (const [, f] of world.serverFiles(ip)) opts.blobs.note(f);
  }

  protected get ws(): Record<string, WorkspaceNode> {
    return (this.world.state.workspace ??= nullRecord<WorkspaceNode>());
  }

  // ---- locating paths -----------------------------------------------------------------------------

  /** Folders that always exist in this world. */
  protected fixedDirs(): Set<string> {
    const s = this.world.state;
    const dirs = new Set(["/", "/dev", "/home", HOME, DOCS]);
    if (this.opts.folders.sheets) dirs.add(SHEETS);
    if (this.opts.folders.config) dirs.add(CONFIG);
    const ips = Object.keys(s.servers);
    if (ips.length) {
      dirs.add(SERVERS);
      for (const ip of ips) dirs.add(joinPath(SERVERS, ip));
    }
    return dirs;
  }

  protected locate(path: string): Loc {
    const fixed = this.fixedDirs();
    if (fixed.has(path)) return { kind: "dir", path };
    if (path === DEV_NULL) return { kind: "null", path };
    const parent = parentOf(path);
    const name = baseOf(path);
    if (parent === DOCS) return { kind: "drive", path, name };
    if (parent === SHEETS && fixed.has(SHEETS)) return { kind: "sheet", path, name };
    if (parent === CONFIG && fixed.has(CONFIG)) return { kind: "config", path, name };
    if (parentOf(parent) === SERVERS && fixed.has(parent)) return { kind: "server", path, ip: baseOf(parent), name };
    if (isWithin(path, "/dev")) return { kind: "none", path, why: "devices cannot be created" };
    for (const flat of [DOCS, SHEETS, CONFIG]) if (fixed.has(flat) && isWithin(path, flat)) return { kind: "none", path, why: `${flat} holds files only` };
    if (fixed.has(SERVERS) && isWithin(path, SERVERS))
      return { kind: "none", path, why: parent === SERVERS ? "servers cannot be created" : "server folders hold files only" };
    return { kind: "ws", path };
  }

  /** Follow workspace symbolic links through the path (and the last part too when `followLast`). */
  protected canonical(path: string, op: string, followLast = true): string {
    let parts = segments(resolvePath("/", path));
    let cur = "/";
    let hops = 0;
    for (let i = 0; i < parts.length; ) {
      const next = joinPath(cur, parts[i]!);
      const node = getOwn(this.ws, next);
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

  protected exists_(loc: Loc): boolean {
    const s = this.world.state;
    switch (loc.kind) {
      case "dir":
      case "null":
        return true;
      case "drive":
        return hasOwnKey(s.drive, loc.name);
      case "sheet":
        return loc.name.endsWith(SHEET_EXT) && hasOwnKey(s.sheets, loc.name.slice(0, -SHEET_EXT.length));
      case "config":
        return hasOwnKey(s.configs, loc.name);
      case "server": {
        const srv = getOwn(s.servers, loc.ip);
        return srv !== undefined && hasOwnKey(srv.files, loc.name);
      }
      case "ws":
        return hasOwnKey(this.ws, loc.path);
      case "none":
        return false;
      default:
        return loc satisfies never;
    }
  }

  protected isDir(loc: Loc): boolean {
    return loc.kind === "dir" || (loc.kind === "ws" && getOwn(this.ws, loc.path)?.type === "dir");
  }

  protected requireParentDir(path: string, op: string): void {
    const parent = this.locate(parentOf(path));
    if (!this.exists_(parent)) fail("ENOENT", op, path);
    if (!this.isDir(parent)) fail("ENOTDIR", op, path);
  }

  // ---- reading ------------------------------------------------------------------------------------

  protected entry(loc: Loc, op: string): Entry {
    const s = this.world.state;
    const missing = () => fail("ENOENT", op, loc.path);
    switch (loc.kind) {
      case "dir":
        return fail("EISDIR", op, loc.path);
      case "drive": {
        const f = getOwn(s.drive, loc.name) ?? missing();
        return { text: f.content, modified: f.modified, identity: this.opts.blobs.identify(f.content), place: `drive:${loc.name}` };
      }
      case "null":
        return { text: "", modified: this.opts.epoch, place: "null" };
      case "sheet": {
        if (!this.exists_(loc)) missing();
        return { text: sheetCsv(getOwn(s.sheets, loc.name.slice(0, -SHEET_EXT.length))!), modified: this.opts.epoch, place: `drive:${loc.name}` };
      }
      case "config": {
        const c = getOwn(s.configs, loc.name) ?? missing();
        return { text: configYaml(c), modified: this.opts.epoch, place: `drive:${loc.name}` };
      }
      case "server": {
        const srv = getOwn(s.servers, loc.ip);
        const f = (srv && getOwn(srv.files, loc.name)) ?? missing();
        this.opts.blobs.note(f);
        const text = f.content ?? serverFileStub(f);
        const identity = f.content === undefined ? { size: f.size, summary: f.summary } : this.opts.blobs.identify(text);
        return { text, modified: f.modified, identity, place: serverPlace(loc.ip, loc.name), server: f };
      }
      case "ws": {
        const n = getOwn(this.ws, loc.path) ?? missing();
        if (n.type === "dir") return fail("EISDIR", op, loc.path);
        if (n.type === "symlink") return missing();
        return { text: n.content, modified: n.modified, identity: this.opts.blobs.identify(n.content), place: `workspace:${loc.path}` };
      }
      case "none":
        return missing();
      default:
        return loc satisfies never;
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
      const n = getOwn(this.ws, loc.path)!;
      if (n.type === "dir") return { ...base, isDirectory: true, mode: n.mode, size: 0, mtime: new Date(n.modified) };
      if (n.type === "symlink") return { ...base, isSymbolicLink: true, mode: 0o777, size: n.target.length, mtime: new Date(n.modified) };
    }
    const e = this.entry(loc, "stat");
    const mode = loc.kind === "null" ? 0o666 : loc.kind === "ws" ? (getOwn(this.ws, loc.path) as { mode: number }).mode : 0o644;
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
    const add = (name: string, type: "file" | "dir" | "symlink") =>
      names.set(name, { name, isFile: type === "file", isDirectory: type === "dir", isSymbolicLink: type === "symlink" });
    for (const d of this.fixedDirs()) if (d !== "/" && parentOf(d) === p) add(baseOf(d), "dir");
    if (p === "/dev") add("null", "file");
    if (p === DOCS) for (const n of Object.keys(s.drive)) add(n, "file");
    if (p === SHEETS) for (const n of Object.keys(s.sheets)) add(n + SHEET_EXT, "file");
    if (p === CONFIG) for (const n of Object.keys(s.configs)) add(n, "file");
    const srv = parentOf(p) === SERVERS ? getOwn(s.servers, baseOf(p)) : undefined;
    if (srv) for (const n of Object.keys(srv.files)) add(n, "file");
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
    const n = getOwn(this.ws, p);
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
    const out = new Set<string>([...this.fixedDirs(), DEV_NULL]);
    for (const n of Object.keys(s.drive)) out.add(joinPath(DOCS, n));
    for (const n of Object.keys(s.sheets)) out.add(joinPath(SHEETS, n + SHEET_EXT));
    for (const n of Object.keys(s.configs)) out.add(joinPath(CONFIG, n));
    for (const [ip, srv] of Object.entries(s.servers)) for (const n of Object.keys(srv.files)) out.add(joinPath(joinPath(SERVERS, ip), n));
    for (const p of Object.keys(this.ws)) out.add(p);
    return [...out].sort();
  }
}
