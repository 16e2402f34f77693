// `replayRun` in process (what `peerlab replay <run> --verify` does, without the CLI's start-up):
// the time to re-execute and verify every episode of a stored run.
import { replayRun } from "../../src/replay/index.js";
import { openStore } from "../../src/store/index.js";
import { cpuMsSince, worker } from "../child.js";

export interface ReplayRunArgs {
  db: string;
  run: string;
}

export interface ReplayRunResult {
  wall_ms: number;
  cpu_ms: number;
  episodes: number;
  ok: boolean;
}

const clock = { now: () => new Date() };

await worker<ReplayRunArgs, ReplayRunResult>(async (a) => {
  const store = openStore(a.db, { clock, readonly: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await replayRun(store, a.run, { clock });
  const wall = performance.now() - t0;
  const cpu = cpuMsSince(c0);
  store.close();
  return { wall_ms: wall, cpu_ms: cpu, episodes: r.episodes.length, ok: r.ok };
});
