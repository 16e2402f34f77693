// The shared limiter's rules, run on the stores: two connections to one SQLite file, and two to one
// PostgreSQL database (skipped, with the reason, where PostgreSQL cannot run here). Each is a second
// process's view of the same rows.
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import type { LimitRequest, SharedLimiter } from "../../src/models/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { Clock } from "../../src/util/clock.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "./postgres.js";
import { tempDir } from "./tmp.js";

export type TwoLimiters = () => [SharedLimiter, SharedLimiter];

/** A limiter request on `key` with no limit but the window, at `now`, changed by `over`. */
export const askOn =
  (key: string) =>
  (over: Partial<LimitRequest> & { now: number }): LimitRequest => ({
    key,
    provider: "openai",
    limits: { windowMs: 60_000 },
    tokens: 0,
    ttlMs: 10_000,
    skewMs: 0,
    ...over,
  });

/** Runs `suite` once per store under `title`; `make` gives two limiters over one database, made inside a test. */
export function onLimiterStores(title: string, clock: Clock, suite: (name: string, make: TwoLimiters) => void): void {
  describe(title, () => {
    const open: Store[] = [];
    afterAll(() => {
      for (const s of open) s.close();
    });
    const both = (target: string): [SharedLimiter, SharedLimiter] => {
      const [x, y] = [openStore(target, { clock }), openStore(target, { clock })];
      open.push(x, y);
      return [x.limiter!, y.limiter!];
    };

    suite("SQLite, two connections to one file", () => both(join(tempDir("peerlab-limits-"), "l.db")));

    describe.skipIf(postgresUnavailable !== null)(`PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
      let pg: TestPostgres;
      beforeAll(async () => {
        pg = await startPostgres();
        return () => {
          for (const s of open.splice(0)) s.close();
          pg.stop();
        };
      }, 120_000);
      suite("PostgreSQL, two connections to one database", () => both(pg.freshUrl()));
    });
  });
}
