// The shared limiter's rules, the same in memory, on a SQLite file and on PostgreSQL, each database
// through two connections (two processes' views): calls in flight of every connection count against the
// key's cap and a dead one's stop counting after its time to live; requests and tokens per window;
// a 429's pause seen by all, the later of two pauses winning; the clock skew widening windows and
// pauses. Times come from a fake clock. The raw key never reaches the database file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  Governor,
  keyFingerprint,
  MemoryLimiter,
  resolveConnection,
  type KeyBlock,
  type LimitOutcome,
  type SharedLimiter,
  type SlotEnd,
} from "../../src/models/index.js";
import { parseProviderRef, type ProviderRef } from "../../src/spec/index.js";
import { openStore, type LimitRows, type Store } from "../../src/store/index.js";
import type { Clock } from "../../src/util/clock.js";
import { askOn, onLimiterStores } from "../support/limiter-stores.js";
import { tempDir } from "../support/tmp.js";

const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const T = clock.now().getTime();

// The store's rows and the models' port agree shape for shape (the runner hands one to the other).
const asPort = (rows: LimitRows): SharedLimiter => rows;
const asRows = (port: SharedLimiter): LimitRows => port;
void asRows;
void asPort;

const ask = askOn("k1");

function granted(o: LimitOutcome): { id: number; cut: number | null } {
  if (o.kind !== "granted") throw new Error(`expected a slot, got ${JSON.stringify(o)}`);
  return o;
}

/** A release that keeps the call's reservation and counts no success. */
const KEEP: SlotEnd = { tokens: null, recoverAfter: null };
const pause = (until: number, over: Partial<KeyBlock> = {}): KeyBlock => ({ key: "k1", provider: "openai", now: T, until, cut: null, ttlMs: 10_000, ...over });

function contract(name: string, pair: () => [SharedLimiter, SharedLimiter]) {
  describe(name, () => {
    it("caps the calls in flight of every connection together; a released or dead call frees its slot", () => {
      const [a, b] = pair();
      const limits = { inFlight: 2, windowMs: 60_000 };
      const first = a.acquire(ask({ now: T, limits }));
      expect(first.kind).toBe("granted");
      expect(b.acquire(ask({ now: T + 1, limits })).kind).toBe("granted");
      expect(a.acquire(ask({ now: T + 2, limits }))).toEqual({ kind: "wait", until: null, reason: "in_flight" });
      expect(b.acquire(ask({ now: T + 2, key: "k2", limits })).kind).toBe("granted");
      if (first.kind === "granted") a.release(first.id, T + 3, KEEP);
      expect(b.acquire(ask({ now: T + 4, limits })).kind).toBe("granted");
      expect(a.acquire(ask({ now: T + 5, limits })).kind).toBe("wait");
      // Nobody releases (their processes died): after the time to live they stop counting.
      expect(a.acquire(ask({ now: T + 1 + 10_000, limits })).kind).toBe("granted");
    });

    it("allows so many requests in any window, then says when the oldest leaves it", () => {
      const [a, b] = pair();
      const limits = { requests: 3, windowMs: 1000 };
      for (const [l, t] of [
        [a, T],
        [b, T + 100],
        [a, T + 200],
      ] as const) {
        const g = l.acquire(ask({ now: t, limits }));
        expect(g.kind).toBe("granted");
        if (g.kind === "granted") l.release(g.id, t + 10, KEEP);
      }
      expect(b.acquire(ask({ now: T + 500, limits }))).toEqual({ kind: "wait", until: T + 1000, reason: "requests" });
      expect(b.acquire(ask({ now: T + 999, limits })).kind).toBe("wait");
      expect(b.acquire(ask({ now: T + 1000, limits })).kind).toBe("granted");
      expect(a.acquire(ask({ now: T + 1050, limits }))).toEqual({ kind: "wait", until: T + 1100, reason: "requests" });
    });

    it("widens the window by the clock skew", () => {
      const [a, b] = pair();
      const limits = { requests: 1, windowMs: 1000 };
      expect(a.acquire(ask({ now: T, limits, skewMs: 200 })).kind).toBe("granted");
      expect(b.acquire(ask({ now: T + 1100, limits, skewMs: 200 }))).toEqual({ kind: "wait", until: T + 1200, reason: "requests" });
      expect(b.acquire(ask({ now: T + 1200, limits, skewMs: 200 })).kind).toBe("granted");
    });

    it("counts estimated tokens per window; a call larger than the allowance goes alone", () => {
      const [a, b] = pair();
      const limits = { tokens: 1000, windowMs: 1000 };
      a.release(granted(a.acquire(ask({ now: T, limits, tokens: 600 }))).id, T + 5, KEEP);
      expect(b.acquire(ask({ now: T + 10, limits, tokens: 500 }))).toEqual({ kind: "wait", until: T + 1000, reason: "tokens" });
      expect(b.acquire(ask({ now: T + 10, limits, tokens: 400 })).kind).toBe("granted");
      expect(a.acquire(ask({ now: T + 2000, limits, tokens: 5000 })).kind).toBe("granted");
      expect(b.acquire(ask({ now: T + 2001, limits, tokens: 1 })).kind).toBe("wait");
    });

    it("holds a call's reservation while it is in flight, then settles it to the tokens used; a failed call's is released", () => {
      const [a, b] = pair();
      const limits = { tokens: 1000, windowMs: 1000 };
      // 100 tokens of input and up to 800 of output.
      const first = granted(a.acquire(ask({ now: T, limits, tokens: 900 })));
      // It would fit once the call in flight ends (using less): ask again then, not when the window moves.
      expect(b.acquire(ask({ now: T + 1, limits, tokens: 200 }))).toEqual({ kind: "wait", until: null, reason: "tokens" });
      a.release(first.id, T + 2, { tokens: 300, recoverAfter: null });
      const second = granted(b.acquire(ask({ now: T + 3, limits, tokens: 600 })));
      expect(a.acquire(ask({ now: T + 4, limits, tokens: 200 })).kind).toBe("wait");
      b.release(second.id, T + 5, { tokens: 0, recoverAfter: null });
      const third = granted(a.acquire(ask({ now: T + 6, limits, tokens: 700 })));
      // A call whose response does not say keeps its reservation: nothing more fits in this window.
      a.release(third.id, T + 7, KEEP);
      expect(b.acquire(ask({ now: T + 8, limits, tokens: 1 }))).toEqual({ kind: "wait", until: T + 1000, reason: "tokens" });
    });

    it("cuts the calls in flight of every connection after a 429, raises the cut after successes in a row, and lifts it where it began", () => {
      const [a, b] = pair();
      const limits = { windowMs: 60_000 };
      const ok = (rounds: number): SlotEnd => ({ tokens: null, recoverAfter: rounds });
      const calls = [a, a, a, b, b].map((l, i) => granted(l.acquire(ask({ now: T + i, limits }))));
      expect(calls.map((c) => c.cut)).toEqual([null, null, null, null, null]);
      // Five in flight; a's first gets a 429: half of them (this test's fraction) may be in flight from now on.
      a.block(pause(T + 10, { now: T + 10, cut: 0.5 }));
      a.release(calls[0]!.id, T + 11, { tokens: 0, recoverAfter: null });
      expect(b.acquire(ask({ now: T + 20, limits }))).toEqual({ kind: "wait", until: null, reason: "cut" });
      // Two successes in a row (this test's count) raise it to three.
      a.release(calls[1]!.id, T + 21, ok(2));
      b.release(calls[3]!.id, T + 22, ok(2));
      const third = granted(b.acquire(ask({ now: T + 23, limits })));
      expect(third.cut).toBe(3);
      expect(a.acquire(ask({ now: T + 24, limits })).kind).toBe("wait");
      // A failure does not count; two more successes raise it to four, two more lift it (five were in flight).
      a.release(calls[2]!.id, T + 25, { tokens: 0, recoverAfter: null });
      b.release(calls[4]!.id, T + 26, ok(2));
      b.release(third.id, T + 27, ok(2));
      const four = [a, b, a, b].map((l, i) => granted(l.acquire(ask({ now: T + 30 + i, limits }))));
      expect(four.map((c) => c.cut)).toEqual([4, 4, 4, 4]);
      expect(b.acquire(ask({ now: T + 40, limits })).kind).toBe("wait");
      a.release(four[0]!.id, T + 41, ok(2));
      b.release(four[1]!.id, T + 42, ok(2));
      for (let i = 0; i < 3; i++) expect(granted(a.acquire(ask({ now: T + 43 + i, limits }))).cut).toBe(null);
    });

    it("cuts a cut again on a second 429, and forgets a cut nobody renewed for the slots' time to live", () => {
      const [a, b] = pair();
      const limits = { windowMs: 60_000 };
      const calls = Array.from({ length: 10 }, (_, i) => granted(a.acquire(ask({ now: T + i, limits, ttlMs: 100_000 }))));
      a.block(pause(T + 10, { now: T + 10, cut: 0.8 }));
      b.block(pause(T + 11, { now: T + 11, cut: 0.8 }));
      // 10 in flight, cut to 8, then to 6 (not to 4/5 of the 10 still in flight).
      for (const c of calls.slice(0, 3)) a.release(c.id, T + 12, { tokens: 0, recoverAfter: null });
      const more = () => b.acquire(ask({ now: T + 20, limits, ttlMs: 100_000 }));
      expect(more()).toEqual({ kind: "wait", until: null, reason: "cut" });
      a.release(calls[3]!.id, T + 13, { tokens: 0, recoverAfter: null });
      expect(more()).toEqual({ kind: "wait", until: null, reason: "cut" });
      a.release(calls[4]!.id, T + 14, { tokens: 0, recoverAfter: null });
      expect(granted(more()).cut).toBe(6);
      // Six in flight, none ending: 10 s after the last cut it is forgotten.
      expect(more().kind).toBe("wait");
      expect(granted(b.acquire(ask({ now: T + 11 + 10_001, limits }))).cut).toBe(null);
    });

    it("pauses the key for every connection after a 429; the later of two pauses wins; the skew extends it", () => {
      const [a, b] = pair();
      a.block(pause(T + 5000));
      a.block(pause(T + 3000));
      expect(b.acquire(ask({ now: T + 100 }))).toEqual({ kind: "wait", until: T + 5000, reason: "paused" });
      expect(b.acquire(ask({ now: T + 100, key: "k2" })).kind).toBe("granted");
      expect(b.acquire(ask({ now: T + 5000, skewMs: 250 }))).toEqual({ kind: "wait", until: T + 5250, reason: "paused" });
      expect(a.acquire(ask({ now: T + 5000 })).kind).toBe("granted");
    });
  });
}

contract("shared limiter: in memory", () => {
  const m = new MemoryLimiter();
  return [m, m];
});

onLimiterStores("shared limiter on stores", clock, contract);

describe("shared limiter on a store's file", () => {
  const open: Store[] = [];
  afterAll(() => {
    for (const s of open) s.close();
  });

  it("stores a fingerprint of the key, never the key, its hash in the limit key, or the endpoint", async () => {
    const file = join(tempDir("peerlab-limits-key-"), "k.db");
    const store = openStore(file, { clock });
    open.push(store);
    const secret = "sk-test-0123456789abcdefSECRET";
    const conn = resolveConnection(parseProviderRef("openai:gpt-x") as ProviderRef, { OPENAI_API_KEY: secret, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    let t = T;
    const g = new Governor({ limiter: store.limiter!, keyLimits: { requests: 100 }, now: () => t++, sleep: async () => undefined });
    await g.run({ key: conn.limitKey, role: "evaluator", label: "l", remote: true }, async () => "ok");
    await g
      .run({ key: conn.limitKey, role: "evaluator", label: "m", remote: true }, async () => {
        throw Object.assign(new Error("429"), { status: 429, headers: new Headers({ "retry-after-ms": "0" }) });
      })
      .catch(() => undefined);
    store.storageBytes(); // folds the write-ahead log into the file
    const bytes = readFileSync(file).toString("latin1");
    expect(bytes).toContain(keyFingerprint(conn.limitKey));
    for (const leak of [secret, conn.limitKey, conn.limitKey.split("|")[2]!, "127.0.0.1:9"]) expect(bytes).not.toContain(leak);
  });
});
