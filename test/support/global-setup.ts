// Once per `vitest run`, before any test file: shared fixtures that many files would otherwise record
// again and again, and one PostgreSQL server. Each fixture is built in a temporary folder, handed to
// the test workers by path (`inject`), copied by a test before it is touched, and removed when the run ends.
// Every test file waits for this setup, so its two parts run at the same time, one on each core: the
// demo is recorded by a `peerlab` process of its own (bin/peerlab.js, the compiled build) while this
// process starts PostgreSQL (test/support/postgres-setup.ts). In this process, `main` would first have
// Vite compile the whole CLI, and the two would run one after the other.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startSharedPostgres } from "./postgres-setup.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database holding one finished `peerlab demo` run (run name "demo", 40 episodes). */
    demoDb: string;
    /** The folder of the databases recorded on first use and shared by the test files (test/support/shared-run.ts). */
    sharedRuns: string;
  }
}

interface Shared {
  dir: string;
  demoDb: string;
  runs: string;
}

const BIN = resolve(import.meta.dirname, "../../bin/peerlab.js");
const DEMO_TIMEOUT_MS = 180_000;

// Vitest calls this once for the root and once per project (unit, integration, e2e), each through its
// own copy of this module, in one process: the first call records, the others reuse it (by a key on
// globalThis), and the last teardown removes the folder.
const KEY = Symbol.for("peerlab.test.shared-fixtures");
type Slot = { shared: Promise<Shared>; users: number; stopPostgres: (() => void) | undefined };
const slots = globalThis as unknown as Record<symbol, Slot | undefined>;

/** `peerlab demo` in a process of its own, bounded; resolves once it has exited 0 with the database written. */
function recordDemo(dir: string, demoDb: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, "demo", "--db", demoDb, "--quiet"], {
      cwd: dir,
      env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "" },
      stdio: ["ignore", "ignore", "pipe"],
      timeout: DEMO_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", fail);
    child.on("exit", (code, signal) => {
      if (code === 0 && existsSync(demoDb)) done();
      else fail(new Error(`the shared demo run failed (exit ${code ?? signal}): ${stderr}`));
    });
  });
}

async function record(): Promise<Shared> {
  const dir = mkdtempSync(join(tmpdir(), "peerlab-shared-"));
  const demoDb = join(dir, "demo.db");
  const demo = recordDemo(dir, demoDb);
  const runs = join(dir, "runs");
  mkdirSync(runs);
  await demo;
  return { dir, demoDb, runs };
}

export default async function setup(project: TestProject): Promise<() => void> {
  let slot = slots[KEY];
  if (!slot) {
    slot = { shared: record(), users: 0, stopPostgres: undefined };
    slots[KEY] = slot;
    // While the demo records in its own process (started just above), on the other core.
    slot.stopPostgres = await startSharedPostgres();
  }
  slot.users++;
  const { dir, demoDb, runs } = await slot.shared;
  project.provide("demoDb", demoDb);
  project.provide("sharedRuns", runs);
  // In watch mode the code may have changed since they were recorded: record them again on first use.
  project.onTestsRerun(() => {
    rmSync(runs, { recursive: true, force: true });
    mkdirSync(runs);
  });
  const own = slot;
  return () => {
    if (--own.users > 0) return;
    slots[KEY] = undefined;
    own.stopPostgres?.();
    rmSync(dir, { recursive: true, force: true });
  };
}
