// `npm run bench [-- --only startup,replay] [-- --quick] [-- --profile]`: runs the benchmark sections in order,
// prints every figure as a table, and writes them with the machine's description to
// bench/results/latest.json (and a dated copy). Not part of `npm test`. See docs/PERFORMANCE.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { harnessCost } from "./harness-cost.js";
import { postgres } from "./postgres.js";
import { describeMachine, loadNow, machineLine } from "./machine.js";
import { replay } from "./replay.js";
import { scaleOut } from "./scale-out.js";
import { sideBySide } from "./side-by-side.js";
import { ensureBuild, startup } from "./startup.js";
import { storage } from "./storage.js";
import { renderFigures, renderMarkdown, type Figure } from "./table.js";
import { throughput } from "./throughput.js";

export interface SectionOptions {
  quick: boolean;
  dir: string;
  /** Also profile what limits throughput at C=128 (an extra, slower run). */
  profile: boolean;
}

type Section = (opts: SectionOptions) => Promise<{ figures: Figure[]; data: unknown }>;

const SECTIONS: Record<string, Section> = {
  throughput,
  "side-by-side": sideBySide,
  "harness-cost": harnessCost,
  storage,
  replay,
  startup,
  workers: scaleOut,
  postgres,
};

function parseArgs(argv: string[]): { only: string[]; quick: boolean; profile: boolean } {
  let only = Object.keys(SECTIONS);
  let quick = false;
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") quick = true;
    else if (a === "--profile") profile = true;
    else if (a === "--only" || a.startsWith("--only=")) {
      const v = a === "--only" ? argv[++i] : a.slice("--only=".length);
      only = (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = only.filter((s) => !SECTIONS[s]);
      if (unknown.length || only.length === 0)
        throw new Error(
          `--only: unknown section(s) ${unknown.join(", ") || "(none given)"}; expected a comma-separated list of ${Object.keys(SECTIONS).join(", ")}`,
        );
    } else if (a === "--help" || a === "-h") {
      console.log(`usage: npm run bench [-- --only ${Object.keys(SECTIONS).join(",")}] [-- --quick] [-- --profile]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${JSON.stringify(a)} (expected --only <sections>, --quick or --profile)`);
  }
  return { only, quick, profile };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    return 2;
  }
  const machine = describeMachine();
  console.log(`peerlab bench${args.quick ? " (--quick: smaller sizes, figures not comparable to a full run)" : ""}\n${machineLine(machine)}`);
  if (["startup", "replay", "workers", "throughput"].some((s) => args.only.includes(s))) ensureBuild();
  const dir = mkdtempSync(join(tmpdir(), "peerlab-bench-"));
  const started = performance.now();
  const results: Record<string, { figures: Figure[]; data: unknown; seconds: number } | { error: string; seconds: number }> = {};
  let failed = false;
  try {
    for (const name of args.only) {
      const t0 = performance.now();
      console.log(`\nbench: ${name}…`);
      try {
        const r = await SECTIONS[name]!({ quick: args.quick, dir, profile: args.profile });
        const seconds = (performance.now() - t0) / 1000;
        results[name] = { ...r, seconds };
        console.log(renderFigures(`${name} (${seconds.toFixed(0)} s)`, r.figures));
      } catch (e) {
        failed = true;
        results[name] = { error: (e as Error).stack ?? String(e), seconds: (performance.now() - t0) / 1000 };
        console.error(`bench: ${name} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const total = (performance.now() - started) / 1000;
  machine.load_end = loadNow();
  const figures = Object.values(results).flatMap((r) => ("figures" in r ? r.figures : []));
  const missed = figures.filter((f) => f.met === false);
  const doc = { machine, quick: args.quick, sections: args.only, total_seconds: total, figures, results };
  const out = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(doc, null, 2) + "\n";
  writeFileSync(join(out, "latest.json"), json);
  const md = renderMarkdown(
    Object.entries(results).flatMap(([title, r]) => ("figures" in r ? [{ title: `${title} (${r.seconds.toFixed(0)} s)`, figures: r.figures }] : [])),
  );
  writeFileSync(join(out, "latest.md"), `${machineLine(machine)}; load at the end ${machine.load_end.join(" / ")}; ${total.toFixed(0)} s in all\n\n${md}\n`);
  writeFileSync(join(out, `${machine.date.replace(/[:.]/g, "-")}${args.quick ? "-quick" : ""}.json`), json);
  console.log(
    `\nbench: ${figures.length} figures in ${total.toFixed(0)} s; ` +
      `targets met ${figures.filter((f) => f.met).length}/${figures.filter((f) => f.met !== undefined).length}` +
      `${missed.length ? ` (missed: ${missed.map((f) => f.name).join("; ")})` : ""}` +
      `; load ${machine.load_start.join("/")} -> ${machine.load_end.join("/")}`,
  );
  console.log("bench: wrote bench/results/latest.json and latest.md");
  return failed ? 1 : 0;
}

process.exitCode = await main();
