// Three processes calling one provider key through governors whose limits live in one database (a
// SQLite file; a real PostgreSQL) together keep the key's calls in flight and requests per window, as
// the loopback model server counts them; a 429 with Retry-After seen by one makes the others wait. The
// same processes on separate databases (nothing shared) break both, so the test can fail. Every
// process and the server are bounded and stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledSourceEntry } from "../../src/util/source-entry.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { tempDir } from "../support/tmp.js";
import type { LimitedChildArgs } from "./support/limited-child.js";

// The processes start from the entry bundled once (src/util/source-entry.ts), not through tsx's loader.
const CHILD_JS = fileURLToPath(bundledSourceEntry(new URL("./support/limited-child.ts", import.meta.url).href));

interface Arrival {
  at: number;
  /** When the caller's governor let the call go (its clock, the same machine's). */
  granted: number;
  caller: string;
  status: number;
}

interface Model {
  url: string;
  arrivals: Arrival[];
  maxInFlight: number;
  close(): Promise<void>;
}

/** A loopback model endpoint: answers after `latencyMs`; the `rateLimitAt`-th request (1-based) gets a 429 with Retry-After: 1. */
async function startModel(latencyMs: number, rateLimitAt?: number): Promise<Model & { pausedAt: () => number | null }> {
  const arrivals: Arrival[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let pausedAt: number | null = null;
  const server: Server = createServer((req, res) => {
    req.resume();
    const n = arrivals.length + 1;
    const limited = n === rateLimitAt;
    arrivals.push({ at: Date.now(), granted: Number(req.headers["x-granted"]), caller: String(req.headers["x-caller"]), status: limited ? 429 : 200 });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      if (limited) {
        pausedAt = Date.now();
        res.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end('{"error":"rate limited"}');
      } else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    }, latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    arrivals,
    get maxInFlight() {
      return maxInFlight;
    },
    pausedAt: () => pausedAt,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Start the processes, wait until every one has its database open, let them go together, and wait for them (bounded). */
async function runChildren(all: LimitedChildArgs[]): Promise<{ done: number; retries: number }[]> {
  const children: ChildProcess[] = all.map((a) =>
    spawn(process.execPath, [CHILD_JS, JSON.stringify(a)], { stdio: ["pipe", "pipe", "pipe"], env: process.env }),
  );
  const outs = children.map(() => ({ out: "", err: "" }));
  children.forEach((c, i) => {
    c.stdout!.on("data", (d: Buffer) => (outs[i]!.out += d.toString()));
    c.stderr!.on("data", (d: Buffer) => (outs[i]!.err += d.toString()));
  });
  const kill = setTimeout(() => {
    for (const c of children) c.kill("SIGKILL");
  }, 150_000);
  try {
    const exits = children.map((c) => new Promise<number | null>((r) => c.once("exit", (code) => r(code))));
    const ready = async () => {
      for (;;) {
        if (outs.every((o) => o.out.includes("ready\n"))) return;
        const dead = children.findIndex((c) => c.exitCode !== null);
        if (dead >= 0) throw new Error(`a child exited early: ${outs[dead]!.err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await ready();
    for (const c of children) c.stdin!.write("go\n");
    const codes = await Promise.all(exits);
    codes.forEach((code, i) => expect(code, outs[i]!.err).toBe(0));
    return outs.map((o) => JSON.parse(o.out.split("\n").filter(Boolean).at(-1)!) as { done: number; retries: number });
  } finally {
    clearTimeout(kill);
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  }
}

/** The most of these times within any span shorter than `spanMs`. */
function busiestSpan(times: readonly number[], spanMs: number): number {
  const at = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < at.length; i++) most = Math.max(most, at.filter((t) => t >= at[i]! && t < at[i]! + spanMs).length);
  return most;
}

const NAMES = ["w1", "w2", "w3"];
const WINDOW_MS = 1000;

const LIMITS = { inFlight: 1, requests: 4, windowMs: WINDOW_MS };
const CALLS = 4;
/** The third request gets a 429 with Retry-After: 1. */
const run = (model: Model, db: (name: string) => string) =>
  runChildren(NAMES.map((name) => ({ db: db(name), url: model.url, name, calls: CALLS, local: 2, limits: LIMITS, skewMs: 50 })));

function suite(label: string, target: () => string) {
  it(`${label}: together they keep the calls in flight and requests per window, and all wait out one's 429`, async () => {
    const model = await startModel(40, 3);
    try {
      const db = target();
      const results = await run(model, () => db);
      expect(results.map((r) => r.done)).toEqual([CALLS, CALLS, CALLS]);
      expect(model.arrivals).toHaveLength(3 * CALLS + 1);
      expect(new Set(model.arrivals.map((a) => a.caller))).toEqual(new Set(NAMES));
      expect(model.maxInFlight).toBeLessThanOrEqual(LIMITS.inFlight);
      // The governors' decisions: no more than the allowance in any window (the limiter's own times).
      expect(
        busiestSpan(
          model.arrivals.map((a) => a.granted),
          WINDOW_MS,
        ),
      ).toBeLessThanOrEqual(LIMITS.requests);
      // The arrivals: a request reaches the server up to `lag` after its decision (a fresh process's first
      // connection, a loaded machine), so any span the lag shorter than the window holds no more.
      const lag = Math.max(...model.arrivals.map((a) => a.at - a.granted));
      if (lag < WINDOW_MS)
        expect(
          busiestSpan(
            model.arrivals.map((a) => a.at),
            WINDOW_MS - lag,
          ),
        ).toBeLessThanOrEqual(LIMITS.requests);
      // Nobody called during the second the server asked for, and those who waited were not only the caller that got the 429.
      const paused = model.pausedAt()!;
      const after = model.arrivals.filter((a) => a.at >= paused);
      expect(after.filter((a) => a.at < paused + 1000)).toEqual([]);
      expect(new Set(after.map((a) => a.caller)).size).toBeGreaterThanOrEqual(2);
    } finally {
      await model.close();
    }
  }, 180_000);
}

suite("three processes on one SQLite file", () => join(tempDir("peerlab-shared-limits-"), "shared.db"));

it("the same processes on separate SQLite files (the control: nothing shared) break the limits and the pause", async () => {
  const model = await startModel(40, 3);
  try {
    const dir = tempDir("peerlab-apart-limits-");
    await run(model, (name) => join(dir, `${name}.db`));
    const paused = model.pausedAt()!;
    expect(model.arrivals.filter((a) => a.at >= paused && a.at < paused + 1000).length).toBeGreaterThan(0);
    expect(
      model.maxInFlight > LIMITS.inFlight ||
        busiestSpan(
          model.arrivals.map((a) => a.granted),
          WINDOW_MS,
        ) > LIMITS.requests,
    ).toBe(true);
  } finally {
    await model.close();
  }
}, 180_000);

describe.skipIf(postgresUnavailable !== null)(`shared limits on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(() => pg?.stop());
  suite("three processes on one PostgreSQL database", () => pg.freshUrl());
});
