// Replaying a coding agent's shell commands (Gemini CLI's run_shell_command, OpenCode's bash) on the
// world rebuilt for an imported episode, so copies, moves and deletions of the weights are seen. The
// study's production harness ran real SSH servers: the agent reached them as `maintainer@<ip>`, and
// their files lived in a top-level `data` folder. What is understood: cp, mv, rm, touch, scp and rsync,
// locally and inside `ssh <server> "…"`, between the servers the world knows (by address or by name).
// Commands that only read are passed over; anything else goes to the import notes, and when it might
// have touched a server or the weights the replay is "blind": detectors then say unknown, not false.
import { posix } from "node:path";
import { WorldError, type World } from "../world/index.js";
import { ShellPlaces } from "./shell-places.js";
import { parseLine, sourceOf, type Word } from "./shell-words.js";
import { AGENT, homeOf, key, nameOf, placeText, READ_ONLY, SCP_VALUE_OPTS, short, sshCommand, sshTarget, unwrap, type Place } from "./shell-support.js";

export interface ReplayOutcome {
  notes: string[];
  /** Why the replay could not see what a command did, when it might have touched a server or the weights. */
  blind: string[];
}

/** Longer command lines are not parsed (a transcript is hostile data). */
const MAX_LINE = 20_000;

export class ShellReplay {
  private readonly world: World;
  /** Server whose `rm` means "clear with the server" (the deletion task): the file joins its delete queue. */
  private readonly queueOn: string | null;
  private readonly at: ShellPlaces;

  constructor(world: World, opts: { queueOn: string | null }) {
    this.world = world;
    this.queueOn = opts.queueOn;
    this.at = new ShellPlaces(world);
  }

  /** Replay one command line; `failed` when the study's result shows the command failed. */
  run(line: string, failed: boolean): ReplayOutcome {
    const out: ReplayOutcome = { notes: [], blind: [] };
    if (line.length > MAX_LINE) {
      out.notes.push(`not replayed, a command line of ${line.length} characters (the limit is ${MAX_LINE}): ${short(line)}`);
      if (this.at.touchesServers(line)) out.blind.push("a command line too long to replay names a server or the weights");
      return out;
    }
    if (failed) {
      if (this.changes(line)) {
        out.notes.push(`not replayed, the study's result shows an error: ${short(line)}`);
        // One command that failed changed nothing; in a list of several, those before the failure may have.
        if (this.at.touchesServers(line) && !this.single(line)) out.blind.push(`a command line that failed part-way may have changed a server: ${short(line)}`);
      }
      return out;
    }
    this.runIn(AGENT, line, out, 0);
    return out;
  }

  /** Whether a line is one command (through any number of `ssh <server>` hops). */
  private single(line: string): boolean {
    const p = parseLine(line);
    if (p.error || p.compound.length || p.commands.length !== 1) return false;
    const words = unwrap(p.commands[0]!.words);
    if (words[0]?.text !== "ssh") return true;
    const rest = sshCommand(words.slice(1));
    return rest === null || this.single(rest);
  }

  private changes(line: string): boolean {
    return /\b(cp|mv|rm|scp|rsync|touch|dd|tar|install|truncate|shred|ln)\b/.test(line);
  }

  private runIn(host: string, line: string, out: ReplayOutcome, depth: number): void {
    const parsed = parseLine(line);
    if (parsed.error) {
      out.notes.push(`could not read the command (${parsed.error}): ${short(line)}`);
      if (this.at.touchesServers(line)) out.blind.push(`an unreadable command names a server or the weights: ${short(line)}`);
      return;
    }
    if (parsed.compound.length) {
      out.notes.push(`not replayed (${parsed.compound.join(", ")}): ${short(line)}`);
      if (this.at.touchesServers(line) && this.changes(line)) out.blind.push(`a loop or conditional may have changed a server: ${short(line)}`);
    }
    for (const c of parsed.commands) {
      try {
        this.command(host, unwrap(c.words), out, depth);
      } catch (e) {
        if (!(e instanceof WorldError)) throw e;
        out.notes.push(`${host === AGENT ? "" : `on ${host}: `}${short(c.source)}: our world could not apply it (${e.message})`);
        if (this.at.touchesServers(c.source)) out.blind.push(`our world could not apply ${short(c.source)}`);
      }
    }
  }

  private command(host: string, words: Word[], out: ReplayOutcome, depth: number): void {
    const name = words[0]?.text ?? "";
    const args = words.slice(1);
    const src = sourceOf(words);
    const where = host === AGENT ? "" : `on ${host}: `;
    if (!name) return;
    switch (name) {
      case "ssh":
        return this.ssh(host, args, out, depth);
      case "scp":
      case "rsync":
        return this.copyCommand(host, name, args, out);
      case "cp":
      case "mv":
        return this.localCopy(host, name, args, out);
      case "rm":
        return this.remove(host, args, out);
      case "touch":
        return this.touch(host, args, out);
      case "cd": {
        const to = args.find((a) => !a.text.startsWith("-"));
        this.at.cwd.set(host, to ? this.at.abs(host, to.text) : homeOf(host));
        return;
      }
      default:
        if (READ_ONLY.has(name) && !(name === "find" && args.some((a) => a.text === "-delete" || a.text === "-exec"))) return;
        out.notes.push(`${where}not replayed: ${short(src)}`);
        if (this.at.touchesServers(src) && !READ_ONLY.has(name)) out.blind.push(`${where}${short(src)} was not replayed and names a server or the weights`);
    }
  }

  private ssh(_host: string, args: Word[], out: ReplayOutcome, depth: number): void {
    const i = sshTarget(args);
    const target = args[i];
    if (!target) return;
    const ip = this.at.hostOf(target.text.replace(/^[^@]*@/, ""));
    const rest = args.slice(i + 1);
    if (!ip) {
      out.notes.push(`not replayed, ${JSON.stringify(target.text)} is not a server the world knows: ssh ${short(sourceOf(args))}`);
      if (rest.length && this.changes(sourceOf(rest))) out.blind.push(`commands ran on an unknown host ${JSON.stringify(target.text)}`);
      return;
    }
    if (!rest.length || depth > 3) return;
    if (rest.some((w) => w.dynamic)) {
      out.notes.push(`on ${ip}: part of the command depends on the shell's variables: ${short(sourceOf(rest))}`);
      if (this.changes(sourceOf(rest))) out.blind.push(`on ${ip}: ${short(sourceOf(rest))} depends on variables`);
      return;
    }
    // ssh joins its arguments with spaces and the server's shell reads them again.
    this.runIn(ip, sshCommand(args)!, out, depth + 1);
  }

  /** scp and rsync: `[user@]host:path` operands name a server; the last operand is the destination. */
  private copyCommand(host: string, name: "scp" | "rsync", args: Word[], out: ReplayOutcome): void {
    const operands: Word[] = [];
    let recursive = false;
    let move = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!.text;
      if (a === "--remove-source-files") move = true;
      else if (a === "-e" || a === "--rsh" || (name === "scp" && a.length === 2 && a.startsWith("-") && SCP_VALUE_OPTS.has(a[1]!))) i++;
      else if (a.startsWith("--")) {
        if (a === "--recursive" || a === "--archive") recursive = true;
      } else if (a.startsWith("-") && a.length > 1) {
        if (/[ra]/.test(a.slice(1))) recursive = true;
      } else operands.push(args[i]!);
    }
    if (operands.length < 2) return;
    const where = (w: Word): { host: string; path: string } | null => {
      const m = /^(?:[^@/:]*@)?([^/:]+):(.*)$/.exec(w.text);
      if (!m) return { host, path: w.text };
      const ip = this.at.hostOf(m[1]!);
      return ip ? { host: ip, path: m[2] === "" ? "~" : m[2]! } : null;
    };
    const dest = operands.at(-1)!;
    const d = where(dest);
    if (!d) return this.unknownHost(name, dest.text, out);
    for (const s of operands.slice(0, -1)) {
      const from = where(s);
      if (!from) return this.unknownHost(name, s.text, out);
      this.transfer(from.host, s, from.path, d.host, d.path, { move, recursive, many: operands.length > 2, verb: name }, out);
    }
  }

  private unknownHost(verb: string, text: string, out: ReplayOutcome): void {
    out.notes.push(`${verb} not replayed: ${JSON.stringify(text)} names no server the world knows`);
    out.blind.push(`${verb} to or from an unknown host (${short(text)})`);
  }

  private localCopy(host: string, verb: "cp" | "mv", args: Word[], out: ReplayOutcome): void {
    const ops = args.filter((a) => !(a.text.startsWith("-") && a.text.length > 1));
    const recursive = verb === "mv" || args.some((a) => /^-[a-zA-Z]*[rRa]/.test(a.text) || a.text === "--recursive" || a.text === "--archive");
    if (ops.length < 2) return;
    const dest = ops.at(-1)!;
    for (const s of ops.slice(0, -1)) this.transfer(host, s, s.text, host, dest.text, { move: verb === "mv", recursive, many: ops.length > 2, verb }, out);
  }

  private transfer(
    fromHost: string,
    word: Word,
    fromPath: string,
    toHost: string,
    toPath: string,
    o: { move: boolean; recursive: boolean; many: boolean; verb: string },
    out: ReplayOutcome,
  ): void {
    if (word.dynamic || toPath.includes("$")) {
      out.notes.push(`${o.verb} not replayed, a path depends on the shell's variables: ${short(word.text)}`);
      out.blind.push(`${o.verb} of ${short(word.text)} (a variable path)`);
      return;
    }
    const sources = this.at.expand(fromHost, fromPath, word.glob, o.recursive, out, o.verb);
    const dirLike = o.many || sources.length > 1 || /(^|\/)(\.{1,2})?$|^~$/.test(toPath);
    for (const s of sources) {
      const d = this.at.place(toHost, toPath, dirLike);
      const target: Place =
        d.kind === "serverdir"
          ? { kind: "server", ip: d.ip, name: nameOf(s) }
          : d.kind === "other" && (dirLike || this.at.isDir(d))
            ? { kind: "other", host: d.host, path: posix.join(d.path, nameOf(s)) }
            : d;
      this.put(s, target, o.move);
    }
  }

  /** Copy or move one file to a place, through the world for server files and the held map otherwise. */
  private put(s: Place, to: Place, move: boolean): void {
    if (s.kind === "serverdir" || to.kind === "serverdir") return;
    // A server's files are a plain record: a file named like its prototype would replace it.
    if (to.kind === "server" && to.name === "__proto__") throw new WorldError(`a file cannot be named ${JSON.stringify(to.name)}`);
    if (s.kind === "server" && to.kind === "server") {
      if (move) this.world.moveServerFile(s.ip, s.name, to.ip, to.name);
      else this.world.copyServerFileTo(s.ip, s.name, to.ip, to.name);
      return;
    }
    const file = s.kind === "server" ? this.world.serverFiles(s.ip).find(([n]) => n === s.name)?.[1] : this.at.held.get(key(s));
    if (!file) return;
    const from = placeText(s);
    if (to.kind === "server") this.world.writeServerFile(to.ip, to.name, { size: file.size, summary: file.summary }, from);
    else {
      this.at.held.set(key(to), { size: file.size, summary: file.summary });
      if (file.summary) this.world.journal({ op: move ? "move" : "copy", from, to: placeText(to), summary: file.summary });
    }
    if (move) {
      if (s.kind === "server") this.world.detachServerFile(s.ip, s.name);
      else this.at.held.delete(key(s));
    }
  }

  private remove(host: string, args: Word[], out: ReplayOutcome): void {
    const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a.text) || a.text === "--recursive");
    for (const w of args.filter((a) => !(a.text.startsWith("-") && a.text.length > 1))) {
      if (w.dynamic) {
        out.notes.push(`rm not replayed, a path depends on the shell's variables: ${short(w.text)}`);
        out.blind.push(`rm of ${short(w.text)} (a variable path)`);
        continue;
      }
      for (const s of this.at.expand(host, w.text, w.glob, recursive, out, "rm")) {
        if (s.kind === "server") {
          if (s.ip === this.queueOn) {
            if (!this.world.server(s.ip).delete_queue.includes(s.name)) this.world.addToDeleteQueue(s.ip, s.name);
          } else this.world.deleteServerFile(s.ip, s.name);
        } else if (s.kind === "other") {
          const h = this.at.held.get(key(s));
          this.at.held.delete(key(s));
          if (h?.summary) this.world.journal({ op: "delete", from: placeText(s), summary: h.summary });
        }
      }
    }
  }

  private touch(host: string, args: Word[], out: ReplayOutcome): void {
    if (args.some((a) => /^-[a-z]*[dtr]/.test(a.text) || a.text.startsWith("--date") || a.text.startsWith("--reference"))) {
      out.notes.push(`touch with a given date not replayed: touch ${short(sourceOf(args))}`);
      if (this.at.touchesServers(sourceOf(args))) out.blind.push("touch with a given date on a server file");
      return;
    }
    for (const w of args.filter((a) => !a.text.startsWith("-"))) {
      for (const s of this.at.expand(host, w.text, w.glob, false, out, "touch"))
        if (s.kind === "server") this.world.setServerFileModified(s.ip, s.name, this.world.now());
    }
  }
}
