// Two real processes on one SQLite file (and on one PostgreSQL database): the first has five calls in flight on a provider key when one
// gets a 429; the second, started after the first has exited, may then have only four in flight at once
// on that key (four fifths of five), as the loopback server counts them. The same second process on a
// separate file (the control: nothing shared) has all eight of its calls in flight together. Every
// process and the server are bounded and stopped.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledSourceEntry } from "../../src/util/source-entry.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { tempDir } from "../support/tmp.js";

// The processes start from the entry bundled once (src/util/source-entry.ts), not through tsx's loader.
const CHILD_JS = fileURLToPath(bundledSourceEntry(new URL("./support/cut-child.ts", import.meta.url).href));

/**
 * The loopback endpoint. Until `hold` requests have arrived it answers none; then the last of them gets
 * a 429 (Retry-After: 0) at once and the others a 200 a little later. Every later request gets a 200
 * after `latencyMs`. It counts the most requests in flight at once after the 429.
 */
async function startModel(hold: number, latencyMs: number) {
  let held: (() => void)[] = [];
  let limited = false;
  let inFlight = 0;
  let most = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    const ok = () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    if (!limited) {
      held.push(ok);
      if (held.length < hold) return;
      limited = true;
      held.pop();
      res.writeHead(429, { "retry-after": "0", "content-type": "application/json" }).end('{"error":"rate limited"}');
      const rest = held;
      held = [];
      setTimeout(() => {
        for (const answer of rest) answer();
      }, 100);
      return;
    }
    inFlight++;
    most = Math.max(most, inFlight);
    setTimeout(() => {
      inFlight--;
      ok();
    }, latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`,
    most: () => most,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** One child process, bounded; what it printed. */
async function child(args: { db: string; url: string; name: string; calls: number; local: number }): Promise<{ ok: number; failed: number }> {
  const c = spawn(process.execPath, [CHILD_JS, JSON.stringify(args)], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  let out = "";
  let err = "";
  c.stdout.on("data", (d: Buffer) => (out += d.toString()));
  c.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const kill = setTimeout(() => c.kill("SIGKILL"), 60_000);
  try {
    const code = await new Promise<number | null>((r) => c.once("exit", (x) => r(x)));
    expect(code, err).toBe(0);
    return JSON.parse(out.trim().split("\n").at(-1)!) as { ok: number; failed: number };
  } finally {
    clearTimeout(kill);
    if (c.exitCode === null) c.kill("SIGKILL");
  }
}

async function secondAfterFirst(dbFirst: string, dbSecond: string): Promise<number> {
  const model = await startModel(5, 150);
  try {
    expect(await child({ db: dbFirst, url: model.url, name: "first", calls: 5, local: 5 })).toEqual({ ok: 4, failed: 1 });
    expect(await child({ db: dbSecond, url: model.url, name: "second", calls: 8, local: 8 })).toEqual({ ok: 8, failed: 0 });
    return model.most();
  } finally {
    await model.close();
  }
}

it("a 429 one process saw cuts another process's calls in flight on the key, through one SQLite file", async () => {
  const db = join(tempDir("peerlab-cut-procs-"), "shared.db");
  expect(await secondAfterFirst(db, db)).toBe(4);
}, 150_000);

it("the control: on separate files the second process keeps all its calls in flight", async () => {
  const dir = tempDir("peerlab-cut-apart-");
  expect(await secondAfterFirst(join(dir, "a.db"), join(dir, "b.db"))).toBe(8);
}, 150_000);

describe.skipIf(postgresUnavailable !== null)(`on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(() => pg?.stop());
  it("a 429 one process saw cuts another process's calls in flight on the key, through one PostgreSQL database", async () => {
    const url = pg.freshUrl();
    expect(await secondAfterFirst(url, url)).toBe(4);
  }, 150_000);
});
