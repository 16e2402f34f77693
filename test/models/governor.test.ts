// The governor on its own: retries and their waits, seeded jitter, Retry-After, per-key limits shared
// by roles, rate-limit pauses, adaptive limits, budgets, cancellation and secret scrubbing.
import { describe, expect, it } from "vitest";
import type { PeerlabError } from "../../src/errors.js";
import { BudgetTracker, DEFAULT_OUTPUT_RESERVE, Governor, keyFingerprint, type SharedLimiter } from "../../src/models/index.js";

/** An error shaped like the SDKs' API errors. */
function apiError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${status} error`), { status, headers: new Headers(headers) });
}

function connectionError(): Error {
  return Object.assign(new TypeError("terminated"), { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
}

/** fn fails with these errors in order, then returns "ok". */
function failing(...errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls <= errors.length) throw errors[calls - 1]!;
    return "ok";
  };
  return { fn, attempts: () => calls };
}

function governor(opts: ConstructorParameters<typeof Governor>[0] = {}) {
  const waits: number[] = [];
  const g = new Governor({
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...opts,
  });
  return { g, waits };
}

const ticket = (over: Partial<Parameters<Governor["run"]>[0]> = {}) => ({ key: "openai|http://x|k1", role: "evaluator" as const, label: "req-1", ...over });

describe("retries", () => {
  it("retries 429, 5xx and connection errors and counts the retries on the call", async () => {
    const { g } = governor();
    const { fn } = failing(apiError(429), apiError(500), apiError(503), connectionError());
    await expect(g.run(ticket(), fn)).resolves.toEqual({ value: "ok", retries: 4 });
  });

  it("does not retry a 400 and fails with PROVIDER_FAILED naming the provider and role", async () => {
    const { g, waits } = governor();
    const { fn, attempts } = failing(apiError(400));
    const err = (await g.run(ticket({ name: "openai:gpt-x" }), fn).catch((e: unknown) => e)) as PeerlabError;
    expect(err.code).toBe("PROVIDER_FAILED");
    expect(err.message).toBe("openai:gpt-x (evaluator) failed: 400 error");
    expect(attempts()).toBe(1);
    expect(waits).toEqual([]);
  });

  it("backs off exponentially with jitter between half and all of the step", async () => {
    const { g, waits } = governor({ baseDelayMs: 1000, maxDelayMs: 60_000 });
    await g.run(ticket(), failing(apiError(500), apiError(500), apiError(500), apiError(500)).fn);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(1000 * 2 ** i * 0.5);
      expect(w).toBeLessThanOrEqual(1000 * 2 ** i);
    });
  });

  it("draws the same jitter for the same call label and different jitter for another", async () => {
    const a = governor();
    const b = governor();
    const c = governor();
    await a.g.run(ticket({ label: "x" }), failing(apiError(500), apiError(500)).fn);
    await b.g.run(ticket({ label: "x" }), failing(apiError(500), apiError(500)).fn);
    await c.g.run(ticket({ label: "y" }), failing(apiError(500), apiError(500)).fn);
    expect(a.waits).toEqual(b.waits);
    expect(c.waits).not.toEqual(a.waits);
  });

  it("caps the backoff at maxDelayMs", async () => {
    const { g, waits } = governor({ baseDelayMs: 1000, maxDelayMs: 1500, maxRetries: 5 });
    await g.run(ticket(), failing(apiError(500), apiError(500), apiError(500), apiError(500)).fn);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1500);
  });

  it("honours Retry-After in seconds, retry-after-ms, and an HTTP date when it has a clock", async () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const { g, waits } = governor({ now: () => now });
    await g.run(
      ticket(),
      failing(
        apiError(503, { "retry-after": "3" }),
        apiError(503, { "retry-after-ms": "250" }),
        apiError(503, { "retry-after": "Sun, 01 Mar 2026 12:00:05 GMT" }),
      ).fn,
    );
    expect(waits).toEqual([3000, 250, 5000]);
  });

  it("follows x-should-retry over the status", async () => {
    const { g } = governor();
    await expect(g.run(ticket(), failing(apiError(400, { "x-should-retry": "true" })).fn)).resolves.toMatchObject({ retries: 1 });
    const err = (await g.run(ticket(), failing(apiError(503, { "x-should-retry": "false" })).fn).catch((e: unknown) => e)) as PeerlabError;
    expect(err.code).toBe("PROVIDER_FAILED");
  });

  it("fails at once when the server asks for a longer wait than it allows", async () => {
    const { g, waits } = governor({ maxRetryAfterMs: 60_000 });
    const err = (await g.run(ticket(), failing(apiError(429, { "retry-after": "3600" })).fn).catch((e: unknown) => e)) as PeerlabError;
    expect(err.message).toMatch(/asked to wait 3600 s/);
    expect(waits).toEqual([]);
  });

  it("gives up after maxRetries, saying how many", async () => {
    const { g } = governor({ maxRetries: 2 });
    const err = (await g.run(ticket(), failing(apiError(500), apiError(500), apiError(500)).fn).catch((e: unknown) => e)) as PeerlabError;
    expect(err.message).toMatch(/failed after 2 retries/);
    expect(err.details).toMatchObject({ retries: 2, status: 500 });
  });

  it("scrubs the key and key-shaped strings from the error message", async () => {
    const { g } = governor();
    const e = apiError(401);
    e.message = "401 Incorrect API key provided: my-secret-key-123. Also sk-proj-abcdefghijklmnop and Bearer abcdefghijkl.";
    const err = (await g.run(ticket({ secrets: ["my-secret-key-123"] }), failing(e).fn).catch((x: unknown) => x)) as PeerlabError;
    expect(err.message).not.toMatch(/my-secret-key-123|sk-proj-abcdefghijklmnop|abcdefghijkl\./);
    expect(err.message.match(/\[redacted\]/g)).toHaveLength(3);
  });

  it("passes a caller's abort straight through, without retrying", async () => {
    const { g } = governor();
    const ac = new AbortController();
    const fn = async () => {
      ac.abort();
      throw Object.assign(new Error("Request was aborted."), { name: "AbortError" });
    };
    await expect(g.run(ticket({ signal: ac.signal }), fn)).rejects.toThrow("Request was aborted.");
  });
});

describe("limits per provider key", () => {
  async function peak(g: Governor, tickets: ReturnType<typeof ticket>[]): Promise<number> {
    let active = 0;
    let max = 0;
    await Promise.all(
      tickets.map((t) =>
        g.run(t, async () => {
          active++;
          max = Math.max(max, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    return max;
  }

  it("shares one limit between all roles calling the same key", async () => {
    const { g } = governor({ concurrency: 2 });
    const roles = ["evaluator", "peer", "judge", "interviewer", "evaluator", "judge"] as const;
    expect(
      await peak(
        g,
        roles.map((role, i) => ticket({ role, label: `l${i}` })),
      ),
    ).toBe(2);
  });

  it("keeps different keys independent", async () => {
    const { g } = governor({ concurrency: 1 });
    expect(await peak(g, [ticket({ key: "openai|u|a" }), ticket({ key: "openai|u|b" }), ticket({ key: "anthropic|u|a" })])).toBe(3);
  });

  it("takes a limit per provider kind", async () => {
    const { g } = governor({ concurrency: 8, limits: { anthropic: 1 } });
    expect(
      await peak(
        g,
        [1, 2, 3].map((i) => ticket({ key: "anthropic|u|k", label: `l${i}` })),
      ),
    ).toBe(1);
    expect(g.stats().find((s) => s.key === "anthropic|u|k")).toMatchObject({ limit: 1, calls: 3 });
  });

  it("pauses every call on a key while a 429's Retry-After runs, and cuts the key's limit", async () => {
    let release!: () => void;
    const pause = new Promise<void>((r) => (release = r));
    const waits: number[] = [];
    const g = new Governor({
      concurrency: 5,
      sleep: async (ms) => {
        waits.push(ms);
        if (ms === 10_000) await pause;
      },
    });
    const order: string[] = [];
    const first = g.run(ticket({ label: "a" }), failing(apiError(429, { "retry-after": "10" })).fn).then(() => order.push("a"));
    await new Promise((r) => setTimeout(r, 5));
    const second = g.run(ticket({ label: "b" }), async () => order.push("b-called"));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toContain("b-called");
    expect(waits).toEqual([10_000]);
    expect(g.stats()[0]).toMatchObject({ limit: 4, max: 5, rate_limited: 1 });
  });

  it("raises a cut limit again after sustained success", async () => {
    const { g } = governor({ concurrency: 5 });
    await g.run(ticket(), failing(apiError(429)).fn);
    expect(g.stats()[0]!.limit).toBe(4);
    for (let i = 0; i < 20; i++) await g.run(ticket({ label: `s${i}` }), async () => "ok");
    expect(g.stats()[0]!.limit).toBe(5);
  });

  it("wakes a queued call with the caller's abort reason when it gives up waiting", async () => {
    const { g } = governor({ concurrency: 1 });
    let unblock!: () => void;
    const busy = g.run(ticket(), () => new Promise<void>((r) => (unblock = r)));
    const ac = new AbortController();
    const queued = g.run(ticket({ signal: ac.signal }), async () => "never");
    ac.abort(new Error("user interrupt"));
    await expect(queued).rejects.toThrow("user interrupt");
    unblock();
    await busy;
  });
});

describe("waiting", () => {
  it("lets more than ten calls wait to retry at once without a MaxListenersExceededWarning (bench, C=128)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const g = new Governor({ concurrency: 64, baseDelayMs: 5, maxDelayMs: 5 });
      const calls = Array.from({ length: 24 }, (_, i) => g.run(ticket({ label: `req-${i}` }), failing(connectionError()).fn));
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 24 }, () => ({ value: "ok", retries: 1 })));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("ends a rate-limit pause when the caller is interrupted, so no timer outlives the run", async () => {
    const pauses: { ms: number; ended: string }[] = [];
    const g = new Governor({
      sleep: (ms, signal) =>
        new Promise<void>((_resolve, reject) => {
          const p = { ms, ended: "running" };
          pauses.push(p);
          signal?.addEventListener("abort", () => {
            p.ended = "aborted";
            reject(signal.reason);
          });
        }),
    });
    const ac = new AbortController();
    const call = g.run(ticket({ signal: ac.signal }), failing(apiError(429, { "retry-after": "30" })).fn);
    await new Promise((r) => setTimeout(r, 10));
    ac.abort(new Error("interrupted"));
    await expect(call).rejects.toThrow("interrupted");
    expect(pauses).toEqual([{ ms: 30_000, ended: "aborted" }]);
  });
});

describe("budgets", () => {
  it("refuses calls once a scoped budget is reached, and stops a call waiting to retry", async () => {
    const base = governor().g;
    const budget = new BudgetTracker({ tokens: 100 });
    const g = base.withBudget(budget);
    await g.run(ticket(), async () => "ok");
    g.account("evaluator", { input_tokens: 60, output_tokens: 40 }, 0);
    expect(g.budgetBreached).toBe(true);
    const err = (await g.run(ticket(), async () => "never").catch((e: unknown) => e)) as PeerlabError;
    expect(err.code).toBe("BUDGET_EXCEEDED");
    expect(err.message).toBe("the run's token budget is reached: 100 tokens spent of 100 tokens");
    // The unscoped governor, and other runs sharing its limits, are not stopped.
    await expect(base.run(ticket(), async () => "ok")).resolves.toMatchObject({ value: "ok" });
  });

  it("shares limits and counts between a governor and its budget scopes", async () => {
    const base = governor({ concurrency: 3 }).g;
    const scoped = base.withBudget(new BudgetTracker({ usd: 1 }));
    await scoped.run(ticket(), async () => "ok");
    expect(base.stats()[0]).toMatchObject({ calls: 1, limit: 3 });
  });
});

describe("key limits (the shared limiter)", () => {
  /** A limiter that records what it is asked and grants after `waits` refusals per call. */
  function recording(refusals = 0) {
    const log: string[] = [];
    let asked = 0;
    let next = 1;
    const limiter: SharedLimiter = {
      acquire: (req) => {
        asked++;
        log.push(`acquire ${req.key}`);
        if (asked <= refusals) return { kind: "wait", until: null, reason: "in_flight" };
        return { kind: "granted", id: next++, cut: null };
      },
      release: (id, _now, end) => void log.push(`release ${id}${end.tokens === null ? "" : ` tokens ${end.tokens}`}`),
      block: (b) => void log.push(`block ${b.key} ${b.until}${b.cut === null ? "" : ` cut ${b.cut}`}`),
    };
    return { limiter, log, asked: () => asked };
  }

  it("asks the limiter only for calls over a connection, under the key's fingerprint, never the key", async () => {
    const r = recording();
    const g = new Governor({ limiter: r.limiter, now: () => 0, sleep: async () => undefined });
    await g.run(ticket({ remote: false }), async () => "sim");
    expect(r.log).toEqual([]);
    await g.run(ticket({ remote: true }), async () => "real");
    expect(r.log).toEqual([`acquire ${keyFingerprint("openai|http://x|k1")}`, "release 1"]);
    expect(r.log.join(" ")).not.toContain("k1");
  });

  it("pauses the key in the limiter before it frees the 429's slot, so no other process slips in", async () => {
    const r = recording();
    const g = new Governor({ limiter: r.limiter, now: () => 1000, sleep: async () => undefined, clockSkewMs: 0 });
    await g.run(ticket({ remote: true }), failing(apiError(429, { "retry-after": "2" })).fn);
    const fp = keyFingerprint("openai|http://x|k1");
    // The first report of the 429 cuts the key for every process; the failed call releases what it reserved.
    expect(r.log.slice(0, 4)).toEqual([`acquire ${fp}`, `block ${fp} 3000 cut 0.8`, "release 1 tokens 0", `block ${fp} 3000`]);
  });

  it("lets the calls waiting on a key ask one at a time, polling every pollMs", async () => {
    const r = recording(6);
    const sleeps: number[] = [];
    const g = new Governor({ limiter: r.limiter, now: () => 0, pollMs: 25, sleep: async (ms) => void sleeps.push(ms) });
    await Promise.all([1, 2, 3, 4].map((i) => g.run(ticket({ remote: true, label: `c${i}` }), async () => "ok")));
    // Six refusals, then each of the four calls granted at its first ask: one poller at a time.
    expect(r.asked()).toBe(10);
    expect(sleeps).toEqual([25, 25, 25, 25, 25, 25]);
    expect(g.stats()[0]).toMatchObject({ shared_waits: 6, calls: 4 });
  });

  it("keeps requests per minute in one process on its own clock, with no database", async () => {
    let now = 0;
    const sleeps: number[] = [];
    const g = new Governor({
      keyLimits: { requests: 2 },
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) await g.run(ticket({ remote: true, label: `r${i}` }), async () => void starts.push(now));
    // Two a minute, and no clock tolerance in one process.
    expect(starts).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });

  it("cuts its own limit after a 429 when no limiter is shared (key limits in memory), and leaves the cut to a shared one", async () => {
    const alone = governor({ concurrency: 5, keyLimits: { requests: 100 }, now: () => 0 }).g;
    await alone.run(ticket({ remote: true }), failing(apiError(429, { "retry-after": "0" })).fn);
    expect(alone.stats()[0]).toMatchObject({ limit: 4, max: 5, rate_limited: 1, shared_cut: null });
    const r = recording();
    const shared = governor({ concurrency: 5, limiter: r.limiter, now: () => 0, clockSkewMs: 0 }).g;
    await shared.run(ticket({ remote: true }), failing(apiError(429, { "retry-after": "0" })).fn);
    expect(shared.stats()[0]).toMatchObject({ limit: 5, max: 5, rate_limited: 1 });
    expect(r.log.filter((l) => l.includes(" cut 0.8"))).toHaveLength(1);
  });

  it("reserves the input and max_tokens (4,096 without one) under a token limit, and settles to the response's usage", async () => {
    const asked: number[] = [];
    const ends: (number | null)[] = [];
    const limiter: SharedLimiter = {
      acquire: (req) => {
        asked.push(req.tokens);
        return { kind: "granted", id: asked.length, cut: null };
      },
      release: (_id, _now, end) => void ends.push(end.tokens),
      block: () => undefined,
    };
    const g = governor({ limiter, keyLimits: { tokens: 100_000 }, now: () => 0 }).g;
    await g.run({ ...ticket({ remote: true }), tokens: () => 120, maxOutputTokens: 300, usedTokens: (v: string) => v.length }, async () => "used");
    await g.run({ ...ticket({ remote: true }), tokens: () => 120, usedTokens: () => null }, async () => "x");
    await g.run({ ...ticket({ remote: true }), tokens: () => 120 }, failing(apiError(400)).fn).catch(() => undefined);
    expect(asked).toEqual([420, 120 + DEFAULT_OUTPUT_RESERVE, 120 + DEFAULT_OUTPUT_RESERVE]);
    expect(ends).toEqual([4, null, 0]);
  });

  it("refuses key limits without a clock", () => {
    expect(() => new Governor({ keyLimits: { requests: 2 } })).toThrow(/need a clock/);
  });
});
