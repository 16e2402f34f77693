// Two governors sharing a limiter (two processes' views: two connections to one SQLite file, to one
// PostgreSQL database, and one MemoryLimiter): a 429 seen by one cuts the calls the other may have in
// flight on the key, successes on either raise the cut again until it is lifted; a call reserves its
// input and the most output it may get against the key's tokens per minute, and is settled to what it
// used (a failed call to nothing). Times come from a fake clock each sleep moves on.
import { describe, expect, it } from "vitest";
import { Governor, MemoryLimiter, type SharedLimiter } from "../../src/models/index.js";
import { onLimiterStores } from "../support/limiter-stores.js";
import { until } from "../support/until.js";

const T = Date.UTC(2026, 2, 1);
const KEY = "openai|http://x|k1";

function apiError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${status} error`), { status, headers: new Headers(headers) });
}

/** Two governors (two processes) on one clock, each allowing `local` calls at once on the key. */
function pairOf([la, lb]: [SharedLimiter, SharedLimiter], local: number, keyLimits?: { tokens: number }) {
  let now = T;
  const opts = {
    concurrency: local,
    now: () => now,
    // A wait moves the clock on, and lets the event loop run (the other governor's calls end meanwhile).
    sleep: async (ms: number) => {
      now += ms;
      await new Promise((r) => setImmediate(r));
    },
    pollMs: 10,
    clockSkewMs: 0,
    ...(keyLimits ? { keyLimits } : {}),
  };
  return [new Governor({ ...opts, limiter: la }), new Governor({ ...opts, limiter: lb, maxRetries: 0 })] as const;
}

/** Calls held open until let go: how many run at once on each governor. */
function held(g: Governor, n: number, label: string) {
  let running = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const done = Promise.all(
    Array.from({ length: n }, (_, i) =>
      g.run({ key: KEY, role: "evaluator", label: `${label}${i}`, remote: true }, async () => {
        running++;
        await gate;
        running--;
        return "ok";
      }),
    ),
  );
  return { running: () => running, release, done };
}

/** Wait until `h` has `n` calls running and the others have asked the limiter again and been refused; then it is `n`. */
async function settlesAt(g: Governor, h: ReturnType<typeof held>, n: number): Promise<number> {
  expect(await until(() => h.running() >= n, 10_000, 2)).toBe(true);
  const waits = g.stats()[0]!.shared_waits;
  await until(() => g.stats()[0]!.shared_waits >= waits + 3, 10_000, 2);
  return h.running();
}

async function succeed(g: Governor, n: number, label: string) {
  for (let i = 0; i < n; i++) await g.run({ key: KEY, role: "evaluator", label: `${label}${i}`, remote: true }, async () => "ok");
}

function suite(name: string, pair: () => [SharedLimiter, SharedLimiter]) {
  describe(name, () => {
    it("a 429 seen by one governor cuts the other's calls in flight on the key; successes raise the cut and lift it", async () => {
      const [a, b] = pairOf(pair(), 10);
      // Ten in flight on the key, five from each; one of b's gets a 429 (b does not retry it).
      const ha = held(a, 5, "a");
      const hb = held(b, 4, "b");
      expect(await until(() => ha.running() === 5 && hb.running() === 4, 10_000, 2)).toBe(true);
      const limited = b.run({ key: KEY, role: "evaluator", label: "b429", remote: true }, async () => {
        throw apiError(429, { "retry-after-ms": "0" });
      });
      await expect(limited).rejects.toMatchObject({ code: "PROVIDER_FAILED" });
      ha.release();
      hb.release();
      await Promise.all([ha.done, hb.done]);
      // Four fifths of the ten: eight at once on a, which saw no 429 (ten before the cut).
      const cut = held(a, 10, "c");
      expect(await settlesAt(a, cut, 8)).toBe(8);
      expect(a.stats()[0]).toMatchObject({ shared_cut: 8, limit: 10 });
      cut.release();
      await cut.done;
      // Twenty successes in a row (the ten above and ten more, on either governor) raise it by one.
      await succeed(b, 10, "s");
      const nine = held(b, 10, "n");
      expect(await settlesAt(b, nine, 9)).toBe(9);
      nine.release();
      await nine.done;
      await succeed(a, 10, "t");
      // Back to the ten it was cut from: lifted.
      const ten = held(a, 10, "x");
      expect(await until(() => ten.running() === 10, 10_000, 2)).toBe(true);
      expect(a.stats()[0]).toMatchObject({ shared_cut: null });
      ten.release();
      await ten.done;
    });

    it("reserves input and maximum output tokens until a call returns, then counts what it used; a failed call counts none", async () => {
      const [a, b] = pairOf(pair(), 4, { tokens: 1000 });
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const order: string[] = [];
      // 100 tokens in, up to 800 out: 900 reserved while it runs; it uses 700.
      const long = a.run(
        { key: KEY, role: "evaluator", label: "long", remote: true, tokens: () => 100, maxOutputTokens: 800, usedTokens: () => 700 },
        async () => {
          order.push("long start");
          await gate;
          order.push("long end");
          return "ok";
        },
      );
      await until(() => order.length === 1, 10_000, 2);
      // 100 in, 200 out: 900 + 300 > 1000, so it waits for the long call to end.
      const short = b.run(
        { key: KEY, role: "evaluator", label: "short", remote: true, tokens: () => 100, maxOutputTokens: 200, usedTokens: () => 250 },
        async () => {
          order.push("short");
          return "ok";
        },
      );
      await until(() => b.stats()[0]?.shared_waits !== undefined && b.stats()[0]!.shared_waits >= 2, 10_000, 2);
      expect(order).toEqual(["long start"]);
      release();
      await Promise.all([long, short]);
      expect(order).toEqual(["long start", "long end", "short"]);
      // 700 + 250 used in this minute. A call reserving 50 fits, fails, and releases them.
      const before = a.stats()[0]!.shared_waits;
      const failed = a.run({ key: KEY, role: "evaluator", label: "fail", remote: true, tokens: () => 10, maxOutputTokens: 40 }, async () => {
        throw apiError(400);
      });
      await expect(failed).rejects.toMatchObject({ code: "PROVIDER_FAILED" });
      expect(a.stats()[0]!.shared_waits).toBe(before);
      // The failed call's 50 were released: 50 more still fit, 51 do not.
      await a.run({ key: KEY, role: "evaluator", label: "fits", remote: true, tokens: () => 10, maxOutputTokens: 40, usedTokens: () => 50 }, async () => "ok");
      expect(a.stats()[0]!.shared_waits).toBe(before);
    });
  });
}

suite("one limiter in memory, two governors", () => {
  const m = new MemoryLimiter();
  return [m, m];
});

onLimiterStores("on stores", { now: () => new Date(T) }, suite);
