// Running the peerlab CLI as a user does, in a child process, for end-to-end tests.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const BIN = join(process.cwd(), "bin/peerlab.js");

export function peerlab(args: string[], opts: { cwd?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? process.cwd(), encoding: "utf8", timeout: 120_000, env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
