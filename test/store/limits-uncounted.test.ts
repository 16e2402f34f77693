// A call on a key with no limit and no cut in force is granted without counting the key's calls (that
// scan grows with every call of the last minute), but it is still recorded: a later 429 cuts from the
// calls really in flight, and a process that does cap the key counts them.
import { describe, expect, it } from "vitest";
import type { LimitOutcome } from "../../src/models/index.js";
import type { Clock } from "../../src/util/clock.js";
import { askOn, onLimiterStores } from "../support/limiter-stores.js";

const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const T = clock.now().getTime();
const ask = askOn("k-uncounted");
const kind = (o: LimitOutcome) => o.kind;

onLimiterStores("the shared limiter with no limit on the key", clock, (name, make) => {
  describe(name, () => {
    it("records the calls it grants uncounted: a 429's cut is taken from them, and a capped process counts them", () => {
      const [a, b] = make();
      for (let i = 0; i < 5; i++) expect(kind(a.acquire(ask({ now: T + i })))).toBe("granted");
      // Another process capping the key at 5 calls in flight sees the five.
      expect(b.acquire(ask({ now: T + 10, limits: { windowMs: 60_000, inFlight: 5 } }))).toMatchObject({ kind: "wait", reason: "in_flight" });
      // A 429 with five calls in flight cuts the key to four: the next call, uncapped, waits for the cut.
      a.block({ key: "k-uncounted", provider: "openai", now: T + 20, until: T + 20, cut: 0.8, ttlMs: 10_000 });
      expect(b.acquire(ask({ now: T + 30 }))).toMatchObject({ kind: "wait", reason: "cut" });
    });

    it("still waits out a pause without counting", () => {
      const [a, b] = make();
      a.block({ key: "k-uncounted", provider: "openai", now: T, until: T + 1_000, cut: null, ttlMs: 10_000 });
      expect(b.acquire(ask({ now: T + 10 }))).toMatchObject({ kind: "wait", reason: "paused" });
      expect(kind(b.acquire(ask({ now: T + 1_001 })))).toBe("granted");
    });
  });
});
