// Preloaded into a process we do not control (promptfoo) with --import: on exit, writes its CPU time
// and peak RSS to the file named by BENCH_CPU_REPORT.
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_CPU_REPORT;
if (out && process.pid) {
  process.on("exit", () => {
    const cpu = process.cpuUsage();
    writeFileSync(out, JSON.stringify({ cpu_ms: (cpu.user + cpu.system) / 1000, max_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
  });
}
