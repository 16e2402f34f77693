// The shell's file system IS the world: just-bash's IFileSystem over a World. The drive, sheets and
// config files live under the agent's home, each server is a folder under /servers, and everything
// else the agent makes is its workspace (stored in the world too). Nothing here touches the real disk.
// This half writes; finding and reading paths is WorldFsReader (fs-read.ts).
import type { CpOptions, FileContent, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import { deleteOwn, getOwn, hasOwnKey, setOwn, toNullRecord } from "../../util/index.js";
import { serverPlace, type ConfigValue } from "../state.js";
import { baseOf, isWithin, joinPath, parentOf, resolvePath } from "./layout.js";
import { parseConfigYaml } from "./render.js";
import { SHEET_EXT, byteLength, decodeContent, fail, type BlobIdentity, type Loc } from "./fs-support.js";
import { parseCsv } from "./render.js";
import { WorldFsReader } from "./fs-read.js";

export * from "./fs-support.js";

export class WorldFs extends WorldFsReader implements IFileSystem {
  /** Config files emptied by this command, with what they held. */
  private readonly truncated = new Map<string, Record<string, ConfigValue>>();

  private checkSize(text: string, op: string, path: string, replacing = 0): void {
    const size = byteLength(text);
    if (size > this.limits.maxFileBytes) fail("EFBIG", op, path, `files are limited to ${this.limits.maxFileBytes} bytes`);
    if (this.usedBytes() - replacing + size > this.limits.maxBytes)
      fail("ENOSPC", op, path, `the sandbox holds at most ${this.limits.maxBytes} bytes of files`);
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
    const journal = (to: string) =>
      identity &&
      this.world.journal({
        op: how.modified ? "move" : how.from ? "copy" : "write",
        from: how.from,
        to,
        summary: identity.summary,
        modified: how.modified ?? this.world.now(),
      });
    switch (loc.kind) {
      case "dir":
        return fail("EISDIR", op, loc.path);
      case "none":
        return fail(this.exists_(this.locate(parentOf(loc.path))) ? "EPERM" : "ENOENT", op, loc.path, loc.why);
      case "null":
        return;
      case "sheet": {
        // A spreadsheet is a CSV file here: writing one replaces the sheet (its first row is the header).
        if (!loc.name.endsWith(SHEET_EXT) || loc.name === SHEET_EXT) fail("EPERM", op, loc.path, `spreadsheets are ${SHEET_EXT} files`);
        this.checkSize(text, op, loc.path);
        const [columns = [], ...rows] = parseCsv(text);
        setOwn(this.world.state.sheets, loc.name.slice(0, -SHEET_EXT.length), { columns, rows });
        return;
      }
      case "config": {
        const values = parseConfigYaml(text);
        if (!values) {
          // The shell truncates before it writes (`>`): a refused write leaves the file as it was.
          const before = this.truncated.get(loc.name);
          if (before) this.world.writeConfig(loc.name, before);
          fail("EINVAL", op, loc.path, "a config file must stay a YAML mapping of keys to single values");
        }
        const current = getOwn(this.world.state.configs, loc.name);
        if (text === "" && current) this.truncated.set(loc.name, toNullRecord(current));
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
          setOwn(this.world.server(loc.ip).files, loc.name, { ...file, modified: how.modified });
          this.world.journal({ op: "move", from: how.from, to: serverPlace(loc.ip, loc.name), summary: file.summary, modified: how.modified });
        } else this.world.writeServerFile(loc.ip, loc.name, file, how.from);
        return;
      }
      case "ws": {
        // Like just-bash's own file system, a write creates missing folders on the way.
        if (!this.exists_(this.locate(parentOf(loc.path)))) this.mkdirSync(parentOf(loc.path), { recursive: true });
        this.requireParentDir(loc.path, op);
        const existing = getOwn(this.ws, loc.path);
        if (existing?.type === "dir") fail("EISDIR", op, loc.path);
        if (!existing && Object.keys(this.ws).length >= this.limits.maxNodes)
          fail("ENOSPC", op, loc.path, `the workspace holds at most ${this.limits.maxNodes} entries`);
        this.checkSize(text, op, loc.path, this.currentBytes(loc));
        setOwn(this.ws, loc.path, {
          type: "file",
          content: text,
          modified: how.modified ?? this.world.now(),
          mode: existing?.type === "file" ? existing.mode : 0o644,
        });
        journal(`workspace:${loc.path}`);
        return;
      }
      default:
        return loc satisfies never;
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
      this.checkSize(getOwn(this.world.state.drive, loc.name)!.content + add, "open", loc.path, this.currentBytes(loc));
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
    setOwn(this.ws, p, { type: "dir", modified: this.world.now(), mode: 0o755 });
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
      case "null":
        return fail("EPERM", "rm", shown);
      case "sheet":
        deleteOwn(this.world.state.sheets, loc.name.slice(0, -SHEET_EXT.length));
        return;
      case "drive":
        return this.world.deleteFile(loc.name);
      case "config":
        return this.world.deleteConfig(loc.name);
      case "server":
        if (this.opts.profile.serverDelete !== "direct")
          fail("EPERM", "rm", shown, `files on servers are deleted through the delete queue: delete-queue add ${loc.ip} <file>`);
        return this.world.deleteServerFile(loc.ip, loc.name);
      case "none":
        return fail("ENOENT", "rm", shown);
      case "ws": {
        const n = getOwn(this.ws, loc.path)!;
        const children = Object.keys(this.ws).filter((k) => k !== loc.path && isWithin(k, loc.path));
        if (n.type === "dir" && children.length && !recursive) fail("ENOTEMPTY", "rm", shown);
        for (const c of children) deleteOwn(this.ws, c);
        deleteOwn(this.ws, loc.path);
        return;
      }
      default:
        return loc satisfies never;
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
    if (from.kind === "null") fail("EPERM", "mv", src);
    if (from.kind === "ws") return this.moveWorkspace(from.path, to, dest);
    if (from.kind === "server" && to.kind === "server") return this.world.moveServerFile(from.ip, from.name, to.ip, to.name);
    if (this.isDir(to)) fail("EISDIR", "mv", dest);
    const e = this.entry(from, "mv");
    this.put(to, e.text, "mv", { from: e.place, identity: e.identity, modified: e.modified });
    if (from.kind === "server") this.world.detachServerFile(from.ip, from.name);
    else if (from.kind === "drive") this.world.deleteFile(from.name);
    else if (from.kind === "config") this.world.deleteConfig(from.name);
    else if (from.kind === "sheet") deleteOwn(this.world.state.sheets, from.name.slice(0, -SHEET_EXT.length));
  }

  private moveWorkspace(s: string, to: Loc, dest: string): void {
    const node = getOwn(this.ws, s)!;
    if (node.type === "dir") {
      if (to.kind !== "ws") fail("EPERM", "mv", dest, "folders can only be moved within the workspace");
      if (isWithin(to.path, s)) fail("EINVAL", "mv", dest, "cannot move a folder into itself");
      if (this.exists_(to)) fail("EEXIST", "mv", dest);
      this.requireParentDir(to.path, "mv");
      for (const k of Object.keys(this.ws)
        .filter((k) => isWithin(k, s))
        .sort()) {
        setOwn(this.ws, to.path + k.slice(s.length), getOwn(this.ws, k)!);
        deleteOwn(this.ws, k);
      }
      return;
    }
    if (node.type === "symlink") {
      if (to.kind !== "ws") fail("EPERM", "mv", dest, "links can only live in the workspace");
      this.requireParentDir(to.path, "mv");
      setOwn(this.ws, to.path, node);
      deleteOwn(this.ws, s);
      return;
    }
    if (this.isDir(to)) fail("EISDIR", "mv", dest);
    const e = this.entry({ kind: "ws", path: s }, "mv");
    if (to.kind === "ws") {
      this.requireParentDir(to.path, "mv");
      setOwn(this.ws, to.path, node);
      deleteOwn(this.ws, s);
      if (e.identity) this.world.journal({ op: "move", from: e.place, to: `workspace:${to.path}`, summary: e.identity.summary, modified: e.modified });
      return;
    }
    this.put(to, e.text, "mv", { from: e.place, identity: e.identity, modified: e.modified });
    deleteOwn(this.ws, s);
  }

  chmodSync(path: string, mode: number): void {
    const p = this.canonical(path, "chmod");
    const loc = this.locate(p);
    if (!this.exists_(loc)) fail("ENOENT", "chmod", path);
    const n = loc.kind === "ws" ? getOwn(this.ws, loc.path) : undefined;
    if (!n || n.type === "symlink") fail("EPERM", "chmod", path, "only your own files' permissions can change");
    n.mode = mode & 0o7777;
  }

  symlinkSync(target: string, linkPath: string): void {
    const l = joinPath(this.canonical(parentOf(resolvePath("/", linkPath)), "symlink"), baseOf(resolvePath("/", linkPath)));
    const loc = this.locate(l);
    if (this.exists_(loc) || hasOwnKey(this.ws, l)) fail("EEXIST", "symlink", linkPath);
    if (loc.kind !== "ws") fail("EPERM", "symlink", linkPath, "links can only be made in the workspace");
    this.requireParentDir(l, "symlink");
    setOwn(this.ws, l, { type: "symlink", target, modified: this.world.now() });
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
    else if (loc.kind === "ws") getOwn(this.ws, loc.path)!.modified = at;
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
