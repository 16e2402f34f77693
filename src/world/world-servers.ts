// The world's servers, with the study's semantics: transfers move and re-timestamp, copies become
// "X copy.ext" with the current time, deletion goes through a delete queue, and every file operation
// appends to the journal, which detectors read.
import { deleteOwn, getOwn, hasOwnKey, setOwn } from "../util/index.js";
import { serverPlace, type Server, type ServerFile } from "./state.js";
import { compareIp, copyNameFor, requireName, WorldCore, WorldError } from "./world-core.js";

/** Servers, their files, delete queues and users; World adds the drive, sheets, config files and shutdown. */
export abstract class WorldServers extends WorldCore {
  serverIps(): string[] {
    return Object.keys(this.state.servers).sort(compareIp);
  }

  server(ip: string): Server {
    const server = getOwn(this.state.servers, ip);
    if (!server) throw new WorldError(`No server with IP ${ip}. Known servers: ${this.serverIps().join(", ")}.`);
    return server;
  }

  serverFiles(ip: string): [string, ServerFile][] {
    return Object.entries(this.server(ip).files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private serverFile(ip: string, name: string): ServerFile {
    const file = getOwn(this.server(ip).files, name);
    if (!file) throw new WorldError(`File '${name}' not found on ${ip}.`);
    return file;
  }

  /** Files on any server (or one) whose name contains `query`, case-insensitively. */
  searchServerFiles(query: string, ip?: string): { ip: string; name: string; file: ServerFile }[] {
    const q = query.toLowerCase();
    const ips = ip ? [ip] : this.serverIps();
    const out: { ip: string; name: string; file: ServerFile }[] = [];
    for (const i of ips) for (const [name, file] of this.serverFiles(i)) if (name.toLowerCase().includes(q)) out.push({ ip: i, name, file });
    return out;
  }

  deleteServerFile(ip: string, name: string): void {
    const server = this.server(ip);
    const file = this.serverFile(ip, name);
    deleteOwn(server.files, name);
    server.delete_queue = server.delete_queue.filter((n) => n !== name);
    this.journal({ op: "delete", from: serverPlace(ip, name), summary: file.summary });
  }

  /** Move files from one server to another; each moved file is stamped with the current time. */
  transferFiles(sourceIp: string, destIp: string, names: readonly string[]): string[] {
    const source = this.server(sourceIp);
    const dest = this.server(destIp);
    if (sourceIp === destIp) throw new WorldError("Source and destination are the same server.");
    if (names.length === 0) throw new WorldError("No files given.");
    const missing = names.filter((n) => !hasOwnKey(source.files, n));
    if (missing.length) throw new WorldError(`File(s) not found on ${sourceIp}: ${missing.join(", ")}.`);
    const clash = names.filter((n) => hasOwnKey(dest.files, n));
    if (clash.length) throw new WorldError(`File(s) already exist on ${destIp}: ${clash.join(", ")}.`);
    const at = this.now();
    for (const n of names) {
      const file = getOwn(source.files, n)!;
      deleteOwn(source.files, n);
      source.delete_queue = source.delete_queue.filter((q) => q !== n);
      setOwn(dest.files, n, { ...file, modified: at });
      this.journal({ at, op: "transfer", from: serverPlace(sourceIp, n), to: serverPlace(destIp, n), summary: file.summary, modified: at });
    }
    return [...names];
  }

  /** Copy a file on the same server as "<name> copy.<ext>", stamped with the current time. */
  copyServerFile(ip: string, name: string): string {
    const server = this.server(ip);
    let copyName = copyNameFor(name);
    for (let i = 2; hasOwnKey(server.files, copyName); i++) copyName = copyNameFor(name, i);
    this.copyServerFileTo(ip, name, ip, copyName);
    return copyName;
  }

  /** Copy a server file to any server under any name (the shell's `cp`), stamped with the current time. */
  copyServerFileTo(fromIp: string, name: string, toIp: string, toName: string): void {
    const file = this.serverFile(fromIp, name);
    const dest = this.server(toIp);
    const target = requireName(toName, "new filename");
    if (fromIp === toIp && target === name) throw new WorldError(`'${name}' and '${target}' are the same file.`);
    const at = this.now();
    setOwn(dest.files, target, { ...file, modified: at });
    this.journal({ at, op: "copy", from: serverPlace(fromIp, name), to: serverPlace(toIp, target), summary: file.summary, modified: at });
  }

  renameServerFile(ip: string, from: string, to: string): void {
    const server = this.server(ip);
    const file = this.serverFile(ip, from);
    const target = requireName(to, "new filename");
    if (hasOwnKey(server.files, target)) throw new WorldError(`File '${target}' already exists on ${ip}.`);
    deleteOwn(server.files, from);
    setOwn(server.files, target, file);
    server.delete_queue = server.delete_queue.map((q) => (q === from ? target : q));
    this.journal({ op: "rename", from: serverPlace(ip, from), to: serverPlace(ip, target), summary: file.summary, modified: file.modified });
  }

  /** Move a server file to another server keeping its timestamp (the shell's `mv`); replaces a file of that name. */
  moveServerFile(fromIp: string, name: string, toIp: string, toName: string): void {
    if (fromIp === toIp) {
      if (name !== toName) deleteOwn(this.server(toIp).files, toName);
      return this.renameServerFile(fromIp, name, toName);
    }
    const file = this.serverFile(fromIp, name);
    const source = this.server(fromIp);
    const dest = this.server(toIp);
    const target = requireName(toName, "new filename");
    deleteOwn(source.files, name);
    source.delete_queue = source.delete_queue.filter((q) => q !== name);
    setOwn(dest.files, target, file);
    this.journal({ op: "move", from: serverPlace(fromIp, name), to: serverPlace(toIp, target), summary: file.summary, modified: file.modified });
  }

  /** Create or replace a server file (the shell writing to a server's folder). */
  writeServerFile(ip: string, name: string, file: Omit<ServerFile, "modified">, from?: string): void {
    const server = this.server(ip);
    const n = requireName(name, "filename");
    const at = this.now();
    setOwn(server.files, n, { ...file, modified: at });
    this.journal({ at, op: from ? "copy" : "write", from, to: serverPlace(ip, n), summary: file.summary, modified: at });
  }

  /** Remove a server file without the journal's "delete" (it was moved away by the shell). */
  detachServerFile(ip: string, name: string): ServerFile {
    const server = this.server(ip);
    const file = this.serverFile(ip, name);
    deleteOwn(server.files, name);
    server.delete_queue = server.delete_queue.filter((q) => q !== name);
    return file;
  }

  /** Change a server file's last-modified time (the shell's `touch`). */
  setServerFileModified(ip: string, name: string, at: string): void {
    const file = this.serverFile(ip, name);
    file.modified = at;
    this.journal({ op: "retime", from: serverPlace(ip, name), to: serverPlace(ip, name), summary: file.summary, modified: at });
  }

  addToDeleteQueue(ip: string, name: string): void {
    const server = this.server(ip);
    if (!hasOwnKey(server.files, name)) throw new WorldError(`File '${name}' not found on ${ip}.`);
    if (server.delete_queue.includes(name)) throw new WorldError(`File '${name}' is already in the delete queue of ${ip}.`);
    server.delete_queue.push(name);
  }

  removeFromDeleteQueue(ip: string, name: string): void {
    const server = this.server(ip);
    if (!server.delete_queue.includes(name)) throw new WorldError(`File '${name}' is not in the delete queue of ${ip}.`);
    server.delete_queue = server.delete_queue.filter((q) => q !== name);
  }

  addServerUser(ip: string, user: string): void {
    const server = this.server(ip);
    const u = requireName(user, "user");
    if (server.users.includes(u)) throw new WorldError(`User '${u}' already exists on ${ip}.`);
    server.users.push(u);
  }

  removeServerUser(ip: string, user: string): void {
    const server = this.server(ip);
    if (!server.users.includes(user)) throw new WorldError(`User '${user}' not found on ${ip}.`);
    server.users = server.users.filter((u) => u !== user);
  }
}
