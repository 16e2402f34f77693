// Scripted episodes of a fixed length, peerlab or stock LangGraph, into a fresh SQLite file: CPU per
// episode (process.cpuUsage around each one, persistence included) and database bytes they added.
import Database from "better-sqlite3";
import { join } from "node:path";
import { buildEpisodeGraph } from "../../src/episode/graph.js";
import { openStore } from "../../src/store/index.js";
import { testClock } from "../../test/support/cells.js";
import { cpuMsSince, worker } from "../child.js";
import { runScripted } from "../episodes.js";
import { stockEpisodeFor, stockGraph } from "../stock.js";

export interface EpisodesArgs {
  /** peerlab; peerlab without the search index's insert trigger; stock LangGraph with SqliteSaver; stock without a checkpointer. */
  system: "peerlab" | "peerlab-no-search" | "stock" | "stock-no-checkpointer";
  turns: number;
  episodes: number;
  dir: string;
}

export interface EpisodesResult {
  /** CPU ms of each timed episode. */
  cpu_ms: number[];
  wall_ms: number;
  /** Database bytes added by the timed episodes (WAL checkpointed), per episode. */
  bytes_per_episode: number;
  /** Events (peerlab) or checkpoints (stock) per episode. */
  records_per_episode: number;
}

/** Bytes the database holds once its WAL is folded in. */
function dbBytes(db: Database.Database): number {
  db.pragma("wal_checkpoint(TRUNCATE)");
  return (db.pragma("page_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number);
}

await worker<EpisodesArgs, EpisodesResult>(async (a) => {
  const file = join(a.dir, `${a.system}-${a.turns}-${process.pid}.db`);
  const cpu: number[] = [];
  if (a.system === "peerlab" || a.system === "peerlab-no-search") {
    // What the full-text index costs: the same episodes with events left out of the index (bench only).
    const store = openStore(file, { clock: testClock(), searchIndex: a.system !== "peerlab-no-search" });
    const graph = buildEpisodeGraph();
    await runScripted(store, a.turns, graph); // warm-up (JIT, statements, schema pages)
    const before = store.storageBytes();
    const t0 = performance.now();
    let events = 0;
    for (let i = 0; i < a.episodes; i++) {
      const c0 = process.cpuUsage();
      const r = await runScripted(store, a.turns, graph);
      cpu.push(cpuMsSince(c0));
      events += r.recorder.events.length;
    }
    const wall = performance.now() - t0;
    const added = store.storageBytes() - before;
    store.close();
    return { cpu_ms: cpu, wall_ms: wall, bytes_per_episode: added / a.episodes, records_per_episode: events / a.episodes };
  }
  const episode = await stockEpisodeFor(a.turns);
  const g = stockGraph(file, episode, a.turns, { checkpointer: a.system === "stock" });
  await g.run("warm-up");
  const probe = new Database(file);
  const before = dbBytes(probe);
  const cps = g.checkpoints();
  const t0 = performance.now();
  for (let i = 0; i < a.episodes; i++) {
    const c0 = process.cpuUsage();
    await g.run(`thread-${i}`);
    cpu.push(cpuMsSince(c0));
  }
  const wall = performance.now() - t0;
  const added = dbBytes(probe) - before;
  const records = (g.checkpoints() - cps) / a.episodes;
  probe.close();
  g.close();
  return { cpu_ms: cpu, wall_ms: wall, bytes_per_episode: added / a.episodes, records_per_episode: records };
});
