// The library floor of the workers bench: stock LangGraph alone (bench/stock.ts, no checkpointer, the
// scripted model, nothing shared between processes) running `episodes` 10-turn episodes at concurrency
// `concurrency` in this process. It warms up, waits for the parent (so two such processes start their
// timed part together), and reports its wall and CPU time.
import { cpuMsSince, phase, worker } from "../child.js";
import { stockEpisodeFor, stockGraph } from "../stock.js";

export interface StockFloorArgs {
  episodes: number;
  concurrency: number;
}

export interface StockFloorResult {
  wall_ms: number;
  cpu_ms: number;
}

const TURNS = 10;

await worker<StockFloorArgs, StockFloorResult>(async (a) => {
  const episode = await stockEpisodeFor(TURNS);
  // One graph per lane: a stock graph's scripted model and tool answers are one episode's at a time.
  // No checkpointer, so the database each opens is never written.
  const graphs = Array.from({ length: a.concurrency }, () => stockGraph(":memory:", episode, TURNS, { checkpointer: false }));
  let next = 0;
  const pool = async (n: number, prefix: string) =>
    Promise.all(
      graphs.slice(0, Math.min(a.concurrency, n)).map(async (g) => {
        while (next < n) await g.run(`${prefix}-${next++}`);
      }),
    );
  await pool(Math.min(64, a.episodes), "warm-up");
  next = 0;
  await phase("timed");
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(a.episodes, "thread");
  const result = { wall_ms: performance.now() - t0, cpu_ms: cpuMsSince(c0) };
  for (const g of graphs) g.close();
  return result;
});
