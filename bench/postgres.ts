// PostgreSQL against SQLite on the same episodes: the same scripted episodes of 10, 50 and 150 turns
// (one model call a turn) stored by peerlab in a fresh SQLite file and in a fresh database on a local
// PostgreSQL 15 started for the section (test/support/postgres.ts; loopback TCP, fsync off as in the
// tests, so the figures are the store's own cost, not the disk's). Per model call: the process's CPU
// (the bridge's worker thread included; the server's own CPU is another process and not counted) and the
// wall time; per episode: the bytes the database grew by. The difference from SQLite is the store's overhead.
// Skipped, with the reason, where no PostgreSQL is installed.
import { runChild } from "./child.js";
import { TURNS } from "./harness-cost.js";
import { figure, type Figure } from "./table.js";
import type { EpisodesArgs, EpisodesResult } from "./workers/episodes.js";
import { postgresUnavailable, startPostgres } from "../test/support/postgres.js";

export const SECTION = "postgres";
const KB = 1024;

export interface PostgresRow {
  store: "sqlite" | "postgres";
  turns: number;
  cpu_ms_per_call: number;
  wall_ms_per_call: number;
  bytes_per_episode: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function postgres(opts: { quick: boolean; dir: string }): Promise<{ figures: Figure[]; data: { rows: PostgresRow[]; skipped?: string } }> {
  if (postgresUnavailable) return { figures: [], data: { rows: [], skipped: postgresUnavailable } };
  const pg = await startPostgres();
  const rows: PostgresRow[] = [];
  try {
    for (const turns of opts.quick ? [10, 50] : TURNS) {
      const episodes = turns === 150 ? 3 : 5;
      for (const store of ["sqlite", "postgres"] as const) {
        const args: EpisodesArgs = { system: "peerlab", turns, episodes, dir: opts.dir, ...(store === "postgres" ? { db: pg.freshUrl() } : {}) };
        const r = await runChild<EpisodesResult>("episodes", args, { timeoutMs: 15 * 60_000 });
        rows.push({
          store,
          turns,
          cpu_ms_per_call: median(r.result.cpu_ms) / turns,
          wall_ms_per_call: r.result.wall_ms / episodes / turns,
          bytes_per_episode: r.result.bytes_per_episode,
        });
      }
    }
  } finally {
    pg.stop();
  }
  const figures: Figure[] = [];
  for (const turns of new Set(rows.map((r) => r.turns))) {
    const lite = rows.find((r) => r.turns === turns && r.store === "sqlite")!;
    const srv = rows.find((r) => r.turns === turns && r.store === "postgres")!;
    figures.push(figure(SECTION, `${turns} turns: CPU per model call, SQLite`, lite.cpu_ms_per_call, "ms"));
    figures.push(
      figure(SECTION, `${turns} turns: CPU per model call, PostgreSQL`, srv.cpu_ms_per_call, "ms", {
        note: `${(srv.cpu_ms_per_call / lite.cpu_ms_per_call).toFixed(2)}x SQLite`,
      }),
    );
    figures.push(figure(SECTION, `${turns} turns: wall time per model call, SQLite`, lite.wall_ms_per_call, "ms"));
    figures.push(
      figure(SECTION, `${turns} turns: wall time per model call, PostgreSQL`, srv.wall_ms_per_call, "ms", {
        note: `${(srv.wall_ms_per_call / lite.wall_ms_per_call).toFixed(2)}x SQLite; round trips to a local server`,
      }),
    );
    figures.push(figure(SECTION, `${turns} turns: database per episode, SQLite`, lite.bytes_per_episode / KB, "KB"));
    figures.push(
      figure(SECTION, `${turns} turns: database per episode, PostgreSQL`, srv.bytes_per_episode / KB, "KB", {
        note: `${(srv.bytes_per_episode / lite.bytes_per_episode).toFixed(2)}x SQLite (tables, indexes and the full-text index)`,
      }),
    );
  }
  return { figures, data: { rows } };
}
