// `peerlab view` as a user runs it: the URL on stdout, pages served, Ctrl-C stops it with exit 0;
// bad input (no database, a bad or busy port) exits 2 with a message and no stack trace.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql as coreSchema } from "../../src/store/migrations/001-core.js";
import { BIN, peerlab } from "../support/cli.js";
import { buildFixtureDb, type ViewerFixture } from "../viewer/support/fixture-db.js";

let dir: string;
let fx: ViewerFixture;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "peerlab-view-cli-"));
  fx = await buildFixtureDb(dir);
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe("peerlab view", () => {
  it("prints its URL, serves the runs page from 127.0.0.1, and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [BIN, "view", "--db", fx.file, "--port", "0"], {
      env: { ...process.env, LANGSMITH_TRACING: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => stdout, { timeout: 20_000 }).toMatch(/^peerlab view: http:\/\/127\.0\.0\.1:\d+\/$/m);
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("viewer-fixture");
      child.kill("SIGINT");
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 10_000))]);
      expect(code).toBe(0);
      expect(stderr).toContain("Stopping the viewer.");
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits 2 with a clear message when the database does not exist", async () => {
    const r = await peerlab(["view", "--db", join(dir, "missing.db"), "--port", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no database at .*missing\.db/);
    noStack(r.stderr);
  });

  it("exits 2 and says how to upgrade a database from an older peerlab, without writing to it", async () => {
    const file = join(dir, "old.db");
    const db = new Database(file);
    db.exec(coreSchema);
    db.pragma("user_version = 1");
    db.close();
    const r = await peerlab(["view", "--db", file, "--port", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("has schema version 1");
    expect(r.stderr).toContain(`peerlab list --db ${file}`);
    const after = new Database(file, { readonly: true });
    expect(after.pragma("user_version", { simple: true })).toBe(1);
    after.close();
  });

  it("exits 2 for a port that is not a number from 0 to 65535", async () => {
    for (const port of ["70000", "-1", "http"]) {
      const r = await peerlab(["view", "--db", fx.file, "--port", port]);
      expect(r.code, port).toBe(2);
      expect(r.stderr).toContain("--port: expected an integer from 0 to 65535");
      noStack(r.stderr);
    }
  });

  it("exits 2 naming the port when it is already taken", async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, "view", "--db", fx.file, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} is already in use on 127.0.0.1`);
      noStack(r.stderr);
    } finally {
      busy.close();
    }
  });
});
