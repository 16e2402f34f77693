// The shell's file system IS the world: just-bash's IFileSystem over a World. The drive, sheets and
// config files live under the agent's home, each server is a folder under /servers, and everything
// else the agent makes is its workspace (stored in the world too). Nothing here touches the real disk.
// Writing files is WorldFsWriter (fs-write.ts), finding and reading them WorldFsReader (fs-read.ts);
// this class adds folders, removal, copies, moves, modes, links and times.
import type { CpOptions, FileContent, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import { deleteOwn, getOwn, hasOwnKey, setOwn } from "../../util/index.js";
import { baseOf, isWithin, joinPath, parentOf, resolvePath } from "./layout.js";
import { SHEET_EXT, decodeContent, fail, type Loc } from "./fs-support.js";
import { WorldFsWriter } from "./fs-write.js";

export * from "./fs-support.js";

export class WorldFs extends WorldFsWriter implements IFileSystem {
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
