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

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "peerlab-shared-"));
  const db = join(dir, "demo.db");
  const r = await peerlab(["demo", "--db", db, "--quiet"], { cwd: dir });
  if (r.code !== 0 || !existsSync(db)) throw new Error(`the shared demo run failed (exit ${r.code}): ${r.stderr}`);
  project.provide("demoDb", db);
  const runs = join(dir, "runs");
  mkdirSync(runs);
  project.provide("sharedRuns", runs);
  return () => rmSync(dir, { recursive: true, force: true });
}
