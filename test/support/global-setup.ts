// Once per `vitest run`, before any test file: shared fixtures that many files would otherwise record
// again and again. Each is built in a temporary folder, handed to the test workers by path
// (`inject`), copied by a test before it is touched, and removed when the run ends.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { peerlab } from "./cli.js";

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

// Vitest calls this once for the root and once per project (unit, integration, e2e), each through its
// own copy of this module, in one process: the first call records, the others reuse it (by a key on
// globalThis), and the last teardown removes the folder.
const KEY = Symbol.for("peerlab.test.shared-fixtures");
type Slot = { shared: Promise<Shared>; users: number };
const slots = globalThis as unknown as Record<symbol, Slot | undefined>;

async function record(): Promise<Shared> {
  const dir = mkdtempSync(join(tmpdir(), "peerlab-shared-"));
  const demoDb = join(dir, "demo.db");
  const r = await peerlab(["demo", "--db", demoDb, "--quiet"], { cwd: dir });
  if (r.code !== 0 || !existsSync(demoDb)) throw new Error(`the shared demo run failed (exit ${r.code}): ${r.stderr}`);
  const runs = join(dir, "runs");
  mkdirSync(runs);
  return { dir, demoDb, runs };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const slot = slots[KEY] ?? (slots[KEY] = { shared: record(), users: 0 });
  slot.users++;
  const { dir, demoDb, runs } = await slot.shared;
  project.provide("demoDb", demoDb);
  project.provide("sharedRuns", runs);
  // In watch mode the code may have changed since they were recorded: record them again on first use.
  project.onTestsRerun(() => {
    rmSync(runs, { recursive: true, force: true });
    mkdirSync(runs);
  });
  return () => {
    if (--slot.users > 0) return;
    slots[KEY] = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
}
