// Writing files in the shell's file system: a write, copy or move puts text at a location of the world
// (drive, sheets, config, a server, or the agent's workspace), within the sandbox's size limits and with
// the journal's record of what moved. The folder and link operations are WorldFs (world-fs.ts).
import type { FileContent, MkdirOptions } from "just-bash";
import { getOwn, setOwn, toNullRecord } from "../../util/index.js";
import { serverPlace, type ConfigValue } from "../state.js";
import { parentOf } from "./layout.js";
import { parseConfigYaml, parseCsv } from "./render.js";
import { SHEET_EXT, byteLength, decodeContent, fail, type BlobIdentity, type Loc } from "./fs-support.js";
import { WorldFsReader } from "./fs-read.js";

export abstract class WorldFsWriter extends WorldFsReader {
  /** Config files emptied by this command, with what they held. */
  private readonly truncated = new Map<string, Record<string, ConfigValue>>();

  protected checkSize(text: string, op: string, path: string, replacing = 0): void {
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

  protected currentBytes(loc: Loc): number {
    try {
      const e = this.entry(loc, "open");
      return e.identity && loc.kind === "server" && !e.server?.content ? 0 : byteLength(e.text);
    } catch {
      return 0;
    }
  }

  /** Put text at a location, as a write (`>`), a copy (`from` set) or a move (`keep` the time). */
  protected put(loc: Loc, text: string, op: string, how: { from?: string; modified?: string; identity?: BlobIdentity } = {}): void {
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

  /** Make a folder (WorldFs): a write into the workspace creates missing folders on the way. */
  abstract mkdirSync(path: string, options?: MkdirOptions): void;
}
