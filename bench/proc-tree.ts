// A command and every process it starts, measured from Linux's /proc while they run: each process's
// CPU time, the time it waited for a core (the run queue: the machine's load, not the process's own
// work) and the rest of its life, idle (waiting for I/O, a timer, or another process's database lock).
// CPU and idle are what a process itself decides; the run-queue wait is what other load on the
// machine adds, so these figures can be read on a busy machine where wall times cannot.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ProcFigures {
  pid: number;
  /** The first words of its command line (node's script and subcommand). */
  command: string;
  /** The main thread's CPU time (/proc/<pid>/schedstat is the main thread's alone). */
  cpu_ms: number;
  /**
   * Every thread's CPU time: the main thread's plus V8's helper threads' (parallel and concurrent
   * garbage collection, background compilation) and libuv's. One process alone gets its helpers' work
   * done on an idle core; processes that fill every core pay for it.
   */
  all_cpu_ms: number;
  /** Time runnable but waiting for a core. */
  runqueue_ms: number;
  /** From first to last sample. */
  life_ms: number;
  /** life − cpu − run queue: blocked (timers, sockets, SQLite's busy sleeps). */
  idle_ms: number;
}

export interface TreeResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wall_ms: number;
  processes: ProcFigures[];
  /** Main threads' CPU, and every thread's. */
  cpu_ms: number;
  all_cpu_ms: number;
  runqueue_ms: number;
}

interface Seen {
  command: string;
  first: number;
  last: number;
  cpuNs: number;
  waitNs: number;
  allCpuNs: number;
}

const children = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/** CPU time of every thread of the process (user + system, /proc/<pid>/stat), in ns. */
function threadsCpuNs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) / TICKS_PER_S) * 1e9;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times (100 on every common build). */
const TICKS_PER_S = 100;

/** How long after a process is first seen its command line is read again (an exec comes within it). */
const COMMAND_SETTLE_MS = 1_000;

/** Node's script and subcommand from the process's command line ("?" once it is gone). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(1, 3).join(" ");
  } catch {
    return "?";
  }
}

function sample(root: number, seen: Map<number, Seen>, now: number): void {
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    let sched: string;
    try {
      sched = readFileSync(`/proc/${pid}/schedstat`, "utf8");
    } catch {
      continue; // gone since its parent was read
    }
    const [cpu, wait] = sched.trim().split(/\s+/).map(Number);
    const all = threadsCpuNs(pid);
    const s = seen.get(pid);
    // Read again while young: a child sampled between its fork and its exec still shows its parent's
    // command line (a worker would be counted as a second `run`).
    const fresh = !s || now - s.first < COMMAND_SETTLE_MS ? commandOf(pid) : "?";
    const command = fresh === "?" && s ? s.command : fresh;
    if (s) Object.assign(s, { command, last: now, cpuNs: cpu ?? s.cpuNs, waitNs: wait ?? s.waitNs, allCpuNs: Math.max(s.allCpuNs, all) });
    else seen.set(pid, { command, first: now, last: now, cpuNs: cpu ?? 0, waitNs: wait ?? 0, allCpuNs: all });
    stack.push(...children(pid));
  }
}

/**
 * Run `command` with `args`, sampling its process tree every `everyMs`. The last interval of each
 * process is lost (a process is read last up to `everyMs` before it exits), so short-lived helpers
 * are undercounted; for runs of many seconds that is under a percent.
 */
export function runTree(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; everyMs?: number; timeoutMs?: number } = {}): Promise<TreeResult> {
  const seen = new Map<number, Seen>();
  const t0 = performance.now();
  const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString("utf8")).slice(-20_000)));
  const pid = child.pid!;
  const timer = setInterval(() => sample(pid, seen, performance.now()), opts.everyMs ?? 50);
  const kill = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 3_600_000);
  sample(pid, seen, t0);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      clearTimeout(kill);
      const processes = [...seen.entries()].map(([p, s]) => {
        const cpu = s.cpuNs / 1e6;
        const runqueue = s.waitNs / 1e6;
        const life = s.last - s.first;
        const all = Math.max(cpu, s.allCpuNs / 1e6);
        return { pid: p, command: s.command, cpu_ms: cpu, all_cpu_ms: all, runqueue_ms: runqueue, life_ms: life, idle_ms: Math.max(0, life - cpu - runqueue) };
      });
      resolve({
        code,
        stdout,
        stderr,
        wall_ms: performance.now() - t0,
        processes,
        cpu_ms: processes.reduce((a, p) => a + p.cpu_ms, 0),
        all_cpu_ms: processes.reduce((a, p) => a + p.all_cpu_ms, 0),
        runqueue_ms: processes.reduce((a, p) => a + p.runqueue_ms, 0),
      });
    });
  });
}
