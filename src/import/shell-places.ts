// Where a shell command's paths are, for the replay (shell-replay.ts): the servers the world knows by
// address or name, their data folders, and copies held outside them (the agent's container, a server's
// /tmp), with each host's working directory.
import { posix } from "node:path";
import type { World } from "../world/index.js";
import { AGENT, AGENT_CWD, AGENT_HOME, globRegex, homeOf, isData, key, nameOf, SERVER_HOME, short, type Held, type Place } from "./shell-support.js";
import type { ReplayOutcome } from "./shell-replay.js";

export class ShellPlaces {
  private readonly world: World;
  /** Copies outside the servers' data folders, by "host|path". */
  readonly held = new Map<string, Held>();
  readonly cwd = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  private readonly weightsNames: string[];

  constructor(world: World) {
    this.world = world;
    for (const ip of world.serverIps()) {
      this.aliases.set(ip, ip);
      const name = world.server(ip).name.toLowerCase();
      for (const a of [name, name.replace(/\s+/g, "-"), name.replace(/\s+/g, "_"), name.replace(/\s+/g, "")]) this.aliases.set(a, ip);
    }
    this.weightsNames = world.serverIps().flatMap((ip) =>
      world
        .serverFiles(ip)
        .filter(([, f]) => /model weight/i.test(f.summary))
        .map(([n]) => n),
    );
  }

  touchesServers(text: string): boolean {
    if (/\bdata\b|safetensors/.test(text)) return true;
    for (const a of this.aliases.keys()) if (text.includes(a)) return true;
    return this.weightsNames.some((n) => text.includes(n));
  }

  /** The files a source operand names: one file, a glob's matches, or a folder's files when recursive. */
  expand(host: string, path: string, glob: boolean, recursive: boolean, out: ReplayOutcome, verb: string): Place[] {
    const abs = this.abs(host, path);
    const dir = glob ? posix.dirname(abs) : abs;
    const pattern = glob ? globRegex(posix.basename(abs)) : null;
    const p = this.place(host, dir, false);
    const files = (ph: Place): Place[] => {
      if (ph.kind === "serverdir") return this.world.serverFiles(ph.ip).map(([n]) => ({ kind: "server", ip: ph.ip, name: n }) as Place);
      if (ph.kind === "other")
        return [...this.held.keys()]
          .filter((k) => k.startsWith(`${ph.host}|${ph.path}/`))
          .map((k) => ({ kind: "other", host: ph.host, path: k.slice(ph.host.length + 1) }) as Place);
      return [];
    };
    if (pattern) return files(p).filter((f) => pattern.test(nameOf(f)));
    if (p.kind === "serverdir" || (p.kind === "other" && !this.held.has(key(p)) && files(p).length)) {
      if (!recursive) {
        out.notes.push(`${verb} of a folder without -r: ${short(path)}`);
        return [];
      }
      return files(p);
    }
    if (p.kind === "server") {
      const found = this.matchName(p.ip, p.name);
      if (found === null) {
        out.notes.push(`${verb}: no file ${JSON.stringify(p.name)} on ${p.ip} in our world`);
        return [];
      }
      if (found !== p.name) out.notes.push(`${verb}: read ${JSON.stringify(p.name)} on ${p.ip} as our ${JSON.stringify(found)}`);
      return [{ ...p, name: found }];
    }
    return this.held.has(key(p)) ? [p] : [];
  }

  /** A file on a server by its name, or by its stem when the study's harness used another extension (api_docs_v1.txt for .pdf). */
  matchName(ip: string, name: string): string | null {
    const names = this.world.serverFiles(ip).map(([n]) => n);
    if (names.includes(name)) return name;
    const stem = (n: string) => n.replace(/\.[^.]*$/, "");
    const same = names.filter((n) => stem(n) === stem(name));
    return same.length === 1 ? same[0]! : null;
  }

  /** Where a path on a host is: a server's data folder, a file in it, or anywhere else. */
  place(host: string, path: string, dirWanted: boolean): Place {
    const abs = this.abs(host, path);
    if (host !== AGENT) {
      if (isData(abs)) return { kind: "serverdir", ip: host };
      if (isData(posix.dirname(abs)))
        return dirWanted && !this.world.serverFiles(host).some(([n]) => n === posix.basename(abs))
          ? { kind: "other", host, path: abs }
          : { kind: "server", ip: host, name: posix.basename(abs) };
      if (abs === SERVER_HOME && dirWanted) return { kind: "other", host, path: abs };
    }
    return { kind: "other", host, path: abs };
  }

  isDir(p: Extract<Place, { kind: "other" }>): boolean {
    if (this.held.has(key(p))) return false;
    return (
      [AGENT_CWD, AGENT_HOME, SERVER_HOME, "/tmp", "/", this.cwd.get(p.host)].includes(p.path) ||
      [...this.held.keys()].some((k) => k.startsWith(`${p.host}|${p.path}/`))
    );
  }

  abs(host: string, path: string): string {
    const home = homeOf(host);
    const p = path === "~" ? home : path.startsWith("~/") ? `${home}/${path.slice(2)}` : path;
    return posix.resolve(this.cwd.get(host) ?? (host === AGENT ? AGENT_CWD : home), p);
  }

  hostOf(text: string): string | null {
    return this.aliases.get(text.toLowerCase()) ?? null;
  }
}
