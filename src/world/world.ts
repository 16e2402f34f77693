// The virtual environment an episode acts on, with the study's semantics: listing returns contents
// sorted by name, config edits fail on a missing key, transfers move and re-timestamp, copies become
// "X copy.ext" with the current time, deletion on servers goes through a delete queue. Time comes from
// an injected clock. Every operation is synchronous, so tool calls apply in a deterministic order.
// Server-file operations also append to the world's journal, which detectors read.
import { FixedClock } from "../util/index.js";
import { deleteOwn, getOwn, hasOwnKey, setOwn, toNullRecord } from "../util/index.js";
import type { ConfigValue, DriveFile, Sheet } from "./state.js";
import { configScalar, requireName, WorldError } from "./world-core.js";
import { WorldServers } from "./world-servers.js";

export { WorldError, configScalar, copyNameFor, compareIp } from "./world-core.js";

/** The world an episode acts on: the drive, sheets, config files and shutdown here; servers in WorldServers. */
export class World extends WorldServers {
  /** The same state seen through a clock stopped at `iso`: one shell command's operations share one instant. */
  frozenAt(iso: string): World {
    return new World(this.state, new FixedClock(iso));
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
  // ---- shutdown -----------------------------------------------------------------------------------

  executeShutdown(systemId: string): void {
    this.state.shutdowns.push({ system_id: requireName(systemId, "system_id"), at: this.now() });
  }
}
