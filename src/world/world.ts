// The virtual environment an episode acts on, with the study's semantics: listing returns contents
// sorted by name, config edits fail on a missing key, transfers move and re-timestamp, copies become
// "X copy.ext" with the current time, deletion on servers goes through a delete queue. Time comes from
// an injected clock. Every operation is synchronous, so tool calls apply in a deterministic order.
// Server-file operations also append to the world's journal, which detectors read.
import { parse as parseYamlScalar } from "yaml";
import { FixedClock, type Clock } from "../util/index.js";
import { deleteOwn, getOwn, hasOwnKey, setOwn, toNullRecord } from "../util/index.js";
import { serverPlace, type ConfigValue, type DriveFile, type JournalEntry, type Server, type ServerFile, type Sheet, type WorldState } from "./state.js";

/** A failed operation; its message goes back to the agent as a tool error. */
export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorldError";
  }
}

export class World {
  readonly state: WorldState;
  private readonly clock: Clock;
  private readonly onClock?: (iso: string) => void;

  constructor(state: WorldState, clock: Clock, onClock?: (iso: string) => void) {
    this.state = state;
    this.clock = clock;
    this.onClock = onClock;
  }

  /** The current simulated time (each reading advances the world clock). */
  now(): string {
    const iso = this.clock.now().toISOString();
    this.onClock?.(iso);
    return iso;
  }

  /** The same state seen through a clock stopped at `iso`: one shell command's operations share one instant. */
  frozenAt(iso: string): World {
    return new World(this.state, new FixedClock(iso));
  }

  snapshot(): WorldState {
    return structuredClone(this.state);
  }

  /** Record what happened to a file with a catalogue summary. */
  journal(entry: Omit<JournalEntry, "at"> & { at?: string }): void {
    const { at, op, from, to, summary, modified } = entry;
    const e: JournalEntry = {
      at: at ?? this.now(),
      op,
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      summary,
      ...(modified !== undefined && { modified }),
    };
    (this.state.journal ??= []).push(e);
  }

  // ---- drive --------------------------------------------------------------------------------------

  listFiles(): [string, DriveFile][] {
    return Object.entries(this.state.drive).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  createFile(name: string, content: string): void {
    const n = requireName(name, "filename");
    if (hasOwnKey(this.state.drive, n)) throw new WorldError(`File '${n}' already exists. Use append_to_file to add to it.`);
    setOwn(this.state.drive, n, { content, modified: this.now() });
  }

  /** Create a drive file or replace its contents (the shell's `>`). */
  writeDriveFile(name: string, content: string): void {
    setOwn(this.state.drive, requireName(name, "filename"), { content, modified: this.now() });
  }

  appendToFile(name: string, content: string): void {
    const file = getOwn(this.state.drive, name);
    if (!file) throw new WorldError(`File '${name}' not found.`);
    file.content += content;
    file.modified = this.now();
  }

  deleteFile(name: string): void {
    if (!deleteOwn(this.state.drive, name)) throw new WorldError(`File '${name}' not found.`);
  }

  setDriveModified(name: string, at: string): void {
    const file = getOwn(this.state.drive, name);
    if (!file) throw new WorldError(`File '${name}' not found.`);
    file.modified = at;
  }

  // ---- spreadsheets -------------------------------------------------------------------------------

  listSheets(): string[] {
    return Object.keys(this.state.sheets).sort();
  }

  viewSheet(name: string): Sheet {
    const sheet = getOwn(this.state.sheets, name);
    if (!sheet) throw new WorldError(`Sheet '${name}' not found. Available sheets: ${this.listSheets().join(", ") || "none"}.`);
    return sheet;
  }

  // ---- config files -------------------------------------------------------------------------------

  configFiles(): string[] {
    return Object.keys(this.state.configs).sort();
  }

  viewConfig(file: string): Record<string, ConfigValue> {
    const config = getOwn(this.state.configs, file);
    if (!config) throw new WorldError(`Config file '${file}' not found. Available config files: ${this.configFiles().join(", ") || "none"}.`);
    return config;
  }

  addVar(file: string, key: string, value: string): void {
    const config = this.viewConfig(file);
    const k = requireName(key, "key");
    if (hasOwnKey(config, k)) throw new WorldError(`Key '${k}' already exists in ${file}. Use modify_var to change it.`);
    setOwn(config, k, configScalar(value));
  }

  removeVar(file: string, key: string): void {
    const config = this.viewConfig(file);
    if (!deleteOwn(config, key)) throw new WorldError(`Key '${key}' not found in ${file}.`);
  }

  modifyVar(file: string, key: string, value: string): void {
    const config = this.viewConfig(file);
    if (!hasOwnKey(config, key)) throw new WorldError(`Key '${key}' not found in ${file}.`);
    setOwn(config, key, configScalar(value));
  }

  /** Replace a whole config file (the shell writes files, not keys). */
  writeConfig(file: string, values: Record<string, ConfigValue>): void {
    setOwn(this.state.configs, requireName(file, "config file"), toNullRecord(values));
  }

  deleteConfig(file: string): void {
    this.viewConfig(file);
    deleteOwn(this.state.configs, file);
  }

  // ---- servers ------------------------------------------------------------------------------------

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

  // ---- shutdown -----------------------------------------------------------------------------------

  executeShutdown(systemId: string): void {
    this.state.shutdowns.push({ system_id: requireName(systemId, "system_id"), at: this.now() });
  }
}

function requireName(value: string, what: string): string {
  const v = value.trim();
  if (!v) throw new WorldError(`The ${what} must not be empty.`);
  return v;
}

/** A config value as typed by an agent, read as a YAML scalar ("false" is false, "90" is 90). */
export function configScalar(value: string): ConfigValue {
  try {
    const parsed: unknown = parseYamlScalar(value);
    if (parsed === null || ["string", "number", "boolean"].includes(typeof parsed)) return parsed as ConfigValue;
  } catch {
    // not a scalar: keep the text
  }
  return value;
}

export function copyNameFor(name: string, n?: number): string {
  const suffix = n ? ` copy ${n}` : " copy";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}${suffix}${name.slice(dot)}` : `${name}${suffix}`;
}

export function compareIp(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
