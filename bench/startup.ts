// Start-up: how long the `peerlab` command takes to answer commands that do almost nothing
// (`--help`, `stats compare 3/10 7/10`, `scenarios`), as a ratio to a bare `node -e 0` measured in the
// same rounds. The commands run in turn, round after round, so a change in the machine's load falls on
// all of them alike; the figure is the median of the rounds.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { buildState } from "../bin/build-state.js";
import { figure, type Figure } from "./table.js";

export const SECTION = "startup";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/peerlab.js", import.meta.url));
/** Within this many times bare Node. */
const TARGET = 5;

interface Command {
  name: string;
  args: string[];
}

const BARE: Command = { name: "node -e 0", args: ["-e", "0"] };
const COMMANDS: Command[] = [
  { name: "peerlab --help", args: [BIN, "--help"] },
  { name: "peerlab stats compare 3/10 7/10", args: [BIN, "stats", "compare", "3/10", "7/10"] },
  { name: "peerlab scenarios", args: [BIN, "scenarios"] },
];

export interface StartupRow {
  command: string;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  runs_ms: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

/** One run of a command: its wall time in ms; a non-zero exit or any stderr (a stale-build warning) fails the bench. */
function timed(c: Command): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, c.args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.stderr.trim()) throw new Error(`${c.name} exited ${r.status}: ${r.stderr.trim().slice(0, 500)}`);
  return ms;
}

/**
 * The sections that start `peerlab` (startup, replay) measure the compiled build: build first when the
 * sources are newer than dist/ (as `npm test` does), or the bin would run them through tsx.
 */
export function ensureBuild(): void {
  if (buildState(ROOT).state === "fresh") return;
  console.log("bench: dist/ is older than the sources; building first");
  const b = spawnSync(process.execPath, [fileURLToPath(new URL("../scripts/build.mjs", import.meta.url))], { cwd: ROOT, stdio: "inherit" });
  if (b.status !== 0 || buildState(ROOT).state !== "fresh") throw new Error("the build failed or is still stale; run `npm run build`");
}

export async function startup(opts: { quick: boolean }): Promise<{ figures: Figure[]; data: { load_start: string; load_end: string; rows: StartupRow[] } }> {
  const rounds = opts.quick ? 3 : 10;
  const all = [BARE, ...COMMANDS];
  const loadStart = load();
  for (const c of all) timed(c); // one warm-up each: the file cache, not the first-ever start, is what a user meets
  const runs = new Map(all.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < rounds; i++) for (const c of all) runs.get(c.name)!.push(timed(c));
  const loadEnd = load();

  const rows: StartupRow[] = all.map((c) => {
    const ms = runs.get(c.name)!;
    return { command: c.name, median_ms: median(ms), min_ms: Math.min(...ms), max_ms: Math.max(...ms), runs_ms: ms.map((x) => Math.round(x)) };
  });
  const bare = rows[0]!;
  const loadNote = `load ${loadStart} at the start, ${loadEnd} at the end (1/5/15 min)`;
  const figures: Figure[] = [
    figure(SECTION, `${bare.command}: median wall of ${rounds}`, bare.median_ms, "ms", {
      note: `min ${bare.min_ms.toFixed(0)}, max ${bare.max_ms.toFixed(0)}; ${loadNote}`,
    }),
  ];
  for (const r of rows.slice(1)) {
    figures.push(
      figure(SECTION, `${r.command}: median wall of ${rounds}`, r.median_ms, "ms", { note: `min ${r.min_ms.toFixed(0)}, max ${r.max_ms.toFixed(0)}` }),
    );
    figures.push(figure(SECTION, `${r.command}: median wall / bare node median`, r.median_ms / bare.median_ms, "x", { target: { op: "<=", value: TARGET } }));
  }
  return { figures, data: { load_start: loadStart, load_end: loadEnd, rows } };
}
