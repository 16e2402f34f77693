// promptfoo 0.121.20 (the last release for Node 20) as a comparison point: installed on first use into
// bench/.promptfoo/ (not a project dependency; outside any timed part), then `promptfoo eval` with a
// generated config whose openai provider points at the local server, cache disabled, nothing shared.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROMPTFOO_VERSION = "0.121.20";
const ROOT = fileURLToPath(new URL("./.promptfoo/", import.meta.url));
const ENTRY = join(ROOT, "node_modules", "promptfoo", "dist", "src", "entrypoint.js");

/** Installs promptfoo if needed; returns null when it is usable, or why it is not. */
export function ensurePromptfoo(): string | null {
  const pkg = join(ROOT, "node_modules", "promptfoo", "package.json");
  const installed = () => existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version === PROMPTFOO_VERSION;
  if (installed()) return null;
  mkdirSync(ROOT, { recursive: true });
  console.error(`bench: installing promptfoo@${PROMPTFOO_VERSION} into bench/.promptfoo (first use; not timed)…`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--prefix", ROOT, "--no-audit", "--no-fund", "--save-exact", `promptfoo@${PROMPTFOO_VERSION}`], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    timeout: 15 * 60_000,
  });
  if (r.status !== 0 || !installed())
    return (
      `npm install promptfoo@${PROMPTFOO_VERSION} failed (${r.error?.message ?? `exit ${r.status}`}): ` +
      `${(r.stderr ?? "").trim().split("\n").slice(-3).join(" ")}`
    );
  return null;
}

export interface PromptfooRun {
  wall_ms: number;
  cpu_ms: number | null;
  max_rss_bytes: number | null;
  exit_code: number | null;
}

/** `promptfoo eval` of `calls` single-prompt tests at concurrency `concurrency` against `baseURL`. */
export async function runPromptfoo(opts: { calls: number; concurrency: number; baseURL: string; model: string; dir: string }): Promise<PromptfooRun> {
  const home = join(opts.dir, "promptfoo-home");
  mkdirSync(home, { recursive: true });
  const config = join(opts.dir, "promptfooconfig.yaml");
  const tests = Array.from({ length: opts.calls }, (_, i) => `  - vars: {i: ${i}}`).join("\n");
  writeFileSync(
    config,
    [
      `description: peerlab bench`,
      `prompts: ["Say OK ({{i}})."]`,
      `providers:`,
      `  - id: openai:chat:${opts.model}`,
      `    config: {apiBaseUrl: "${opts.baseURL}", apiKey: sk-bench-0000}`,
      `tests:`,
      tests,
      "",
    ].join("\n"),
  );
  const report = join(opts.dir, "promptfoo-cpu.json");
  const env = {
    ...process.env,
    PROMPTFOO_CONFIG_DIR: home,
    PROMPTFOO_CACHE_ENABLED: "false",
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    BENCH_CPU_REPORT: report,
    OPENAI_API_KEY: "sk-bench-0000",
  };
  const preload = new URL("./cpu-report.mjs", import.meta.url).href;
  const args = [
    "--import",
    preload,
    ENTRY,
    "eval",
    "-c",
    config,
    "--no-cache",
    "-j",
    String(opts.concurrency),
    "--no-table",
    "--no-progress-bar",
    "--no-share",
    "--no-write",
  ];
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: opts.dir, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
    const t = setTimeout(() => child.kill("SIGKILL"), 5 * 60_000);
    child.on("exit", (c) => {
      clearTimeout(t);
      if (c !== 0) console.error(`bench: promptfoo exited ${c}: ${err.trim().split("\n").slice(-5).join("\n")}`);
      resolve(c);
    });
  });
  const wall = performance.now() - t0;
  const cpu = existsSync(report) ? (JSON.parse(readFileSync(report, "utf8")) as { cpu_ms: number; max_rss_bytes: number }) : null;
  return { wall_ms: wall, cpu_ms: cpu?.cpu_ms ?? null, max_rss_bytes: cpu?.max_rss_bytes ?? null, exit_code: code };
}
