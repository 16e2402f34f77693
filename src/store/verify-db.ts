// Checking a whole database: SQLite's own integrity check, then every attempt's stored record
// (verify-log.ts), grouped by the run whose episodes they are; episodes of no run (branches) apart.
import type { AttemptCheck } from "./verify-log.js";
import { verifyEpisode } from "./verify-log.js";
import type { Store } from "./store.js";

export interface GroupCheck {
  /** The run (null: episodes that belong to no run, such as branches). */
  run: { id: string; name: string } | null;
  episodes: number;
  attempts: number;
  intact: number;
  unbound: number;
  broken: AttemptCheck[];
}

export interface DatabaseCheck {
  /** SQLite's `PRAGMA integrity_check` lines ("ok" when the file is sound). */
  integrity: string[];
  groups: GroupCheck[];
  ok: boolean;
}

export function integrityCheck(store: Store): string[] {
  return store.integrityCheck();
}

export function checkDatabase(store: Store, integrity: string[] = integrityCheck(store)): DatabaseCheck {
  const seen = new Set<string>();
  const group = (run: GroupCheck["run"], ids: string[]): GroupCheck => {
    const checks = ids.flatMap((id) => {
      seen.add(id);
      return verifyEpisode(store, id);
    });
    return {
      run,
      episodes: ids.length,
      attempts: checks.length,
      intact: checks.filter((c) => c.intact).length,
      unbound: checks.reduce((n, c) => n + c.unbound.length, 0),
      broken: checks.filter((c) => !c.intact),
    };
  };
  const groups = store.listRuns().map((r) =>
    group(
      { id: r.id, name: r.name },
      store.runEpisodes(r.id).map((e) => e.id),
    ),
  );
  const rest = store.episodeIds().filter((id) => !seen.has(id));
  if (rest.length) groups.push(group(null, rest));
  return { integrity, groups, ok: integrity.length === 1 && integrity[0] === "ok" && groups.every((g) => g.broken.length === 0) };
}
