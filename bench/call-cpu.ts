// CPU per model call in one process, for finding and checking cuts (not part of `npm run bench`):
//   node --import tsx bench/call-cpu.ts harness [turns=150] [episodes=5] [--profile out.cpuprofile]
//   node --import tsx bench/call-cpu.ts throughput [concurrency=32] [episodes=128] [--profile out.cpuprofile]
//   node --import tsx bench/call-cpu.ts sim [episodes=256] [--profile out.cpuprofile]
// harness: scripted episodes into a fresh SQLite file (as bench/harness-cost.ts); throughput: the
// openai provider against the local server, L=200 ms, T=4, through runExperiment (as bench/throughput.ts);
// sim: the workers section's sim episodes (no latency, C=64) through runExperiment in one process, per episode.
// Prints CPU per call (process.cpuUsage, the timed part only) and, with --profile, self time by file and function.
import { getEventListeners } from "node:events";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildEpisodeGraph } from "../src/episode/graph.js";
import { loadExperimentText, runExperiment } from "../src/runner/index.js";
import { openStore } from "../src/store/index.js";
import type { Clock } from "../src/util/clock.js";
import { testClock } from "../test/support/cells.js";
import { runScripted } from "./episodes.js";
import { startServer } from "./server.js";
import { tampSpec } from "./throughput.js";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const argv = process.argv.slice(2);
const pi = argv.indexOf("--profile");
const profileOut = pi >= 0 ? argv.splice(pi, 2)[1] : undefined;
const [mode = "harness", a1, a2] = argv;

async function timed(fn: () => Promise<number>, unit = "call"): Promise<void> {
  const session = profileOut ? new Session() : null;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  const c0 = process.cpuUsage();
  const calls = await fn();
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  console.log(
    `${mode}: ${calls} ${unit}s, CPU ${ms.toFixed(0)} ms, ${(ms / calls).toFixed(3)} ms per ${unit}; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  if (session && profileOut) {
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    session.disconnect();
    writeFileSync(profileOut, JSON.stringify(profile));
    summarise(profile);
  }
}

function summarise(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  let all = 0;
  for (const [id, t] of self) {
    let n = byId.get(id)!;
    if (n.callFrame.functionName === "(idle)") continue;
    const native = !n.callFrame.url;
    const label0 = n.callFrame.functionName || "(anon)";
    while (!n.callFrame.url && parent.has(n.id)) n = byId.get(parent.get(n.id)!)!;
    const file = (n.callFrame.url || "(native)").replace(/^.*node_modules\//, "nm/").replace(/^.*\/h-callcpu\//, "");
    const fn = `${native ? `[${label0}] in ` : ""}${n.callFrame.functionName || "(anon)"} ${file}:${n.callFrame.lineNumber + 1}`;
    byFile.set(file, (byFile.get(file) ?? 0) + t);
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
    all += t;
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, k)
      .map(([name, t]) => `${((t / all) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join("\n");
  console.log(`-- self time by file (${(all / 1000).toFixed(0)} ms sampled)\n${top(byFile, 30)}\n-- by function\n${top(byFn, 45)}`);
}

const clock: Clock = { now: () => new Date() };

if (mode === "harness") {
  const turns = Number(a1 ?? 150);
  const episodes = Number(a2 ?? 5);
  const dir = mkdtempSync(join(tmpdir(), "peerlab-callcpu-"));
  const store = openStore(join(dir, "h.db"), { clock: testClock() });
  const graph = buildEpisodeGraph();
  await runScripted(store, turns, graph);
  await runScripted(store, turns, graph);
  const per: number[] = [];
  await timed(async () => {
    for (let i = 0; i < episodes; i++) {
      const c0 = process.cpuUsage();
      await runScripted(store, turns, graph);
      const c = process.cpuUsage(c0);
      per.push((c.user + c.system) / 1000 / turns);
    }
    return turns * episodes;
  });
  per.sort((x, y) => x - y);
  console.log(`  per episode, ms per call: min ${per[0]!.toFixed(3)} median ${per[Math.floor(per.length / 2)]!.toFixed(3)}`);
  store.close();
  rmSync(dir, { recursive: true, force: true });
} else if (mode === "throughput") {
  const concurrency = Number(a1 ?? 32);
  const episodes = Number(a2 ?? 128);
  const server = await startServer({ latencyMs: 200, turns: "tampering" });
  const dir = mkdtempSync(join(tmpdir(), "peerlab-callcpu-"));
  try {
    const env = { OPENAI_API_KEY: "sk-bench-0000", OPENAI_BASE_URL: server.openaiBaseUrl };
    const warm = openStore(":memory:", { clock });
    await runExperiment(loadExperimentText(tampSpec("warm", "gpt-warm", Math.min(concurrency, 64), concurrency)), { store: warm, clock, env });
    warm.close();
    const store = openStore(join(dir, "t.db"), { clock });
    // As `peerlab run` does: the run's cancellation signal (every episode and call listens on it).
    const interrupt = new AbortController();
    await timed(async () => {
      const r = await runExperiment(loadExperimentText(tampSpec("t", "gpt-bench", episodes, concurrency)), { store, clock, env, signal: interrupt.signal });
      if (r.done !== episodes) throw new Error(`${r.done}/${episodes} done`);
      return episodes * 4;
    });
    console.log(`  abort listeners left on the run's signal: ${getEventListeners(interrupt.signal, "abort").length}`);
    store.close();
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
} else if (mode === "sim") {
  const episodes = Number(a1 ?? 256);
  const dir = mkdtempSync(join(tmpdir(), "peerlab-callcpu-"));
  try {
    const warm = openStore(":memory:", { clock });
    await runExperiment(loadExperimentText(simSpec(16)), { store: warm, clock, env: {} });
    warm.close();
    const store = openStore(join(dir, "s.db"), { clock });
    await timed(async () => {
      const r = await runExperiment(loadExperimentText(simSpec(episodes / 4)), { store, clock, env: {}, signal: new AbortController().signal });
      if (r.done !== episodes) throw new Error(`${r.done}/${episodes} done`);
      return episodes;
    }, "episode");
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else throw new Error(`unknown mode ${mode}`);

/** bench/scale-out.ts's spec (four cells), `trials` per cell. */
function simSpec(trials: number): string {
  return (
    `name: scale\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n` +
    `seed: 3\ntrials: ${trials}\npeers: [absent, good]\nthreats: [shutdown, none]\nconcurrency: 64\n`
  );
}
