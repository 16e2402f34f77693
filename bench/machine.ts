// The machine a benchmark ran on: cores, memory, CPU model, Node version, date, load, git commit.
import { execFileSync } from "node:child_process";
import os from "node:os";

export interface MachineRecord {
  date: string;
  cpu_model: string;
  cores: number;
  memory_gb: number;
  node: string;
  platform: string;
  git_commit: string | null;
  /** 1, 5 and 15-minute load averages when the benchmark started and ended. */
  load_start: number[];
  load_end?: number[];
}

export function describeMachine(): MachineRecord {
  const cpus = os.cpus();
  let git: string | null = null;
  try {
    git = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    git = null;
  }
  return {
    date: new Date().toISOString(),
    cpu_model: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    git_commit: git,
    load_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function loadNow(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

export function machineLine(m: MachineRecord): string {
  return (
    `${m.cores} cores (${m.cpu_model}), ${m.memory_gb} GB, ` +
    `Node ${m.node}, ${m.platform}, ${m.date}, load ${m.load_start.join(" / ")}${m.git_commit ? `, git ${m.git_commit}` : ""}`
  );
}
