// `npm test`'s static checks, all at once: the formatter, the linter, the long-lines count, the layers
// and the type check. One after the other they took about 22 s of wall time, each of them partly
// waiting (tsc and dependency-cruiser read and start up, Biome's native binary is done in a second or two);
// started together they share the 2 cores of the CI machine and end sooner. Each step's output is kept and
// printed whole, in the fixed order below, once the steps before it have been printed; the exit status is
// 1 when any step failed, and every failed step is named at the end.
//
//   node scripts/checks.mjs            all steps
//   node scripts/checks.mjs lint tsc   only those steps, by name
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const node = process.execPath;

/** Name, program, arguments; the same commands as the package.json scripts of those names. */
const STEPS = [
  ["format:check", bin("biome"), ["format"]],
  ["lint", bin("biome"), ["lint", "--error-on-warnings"]],
  ["long-lines", node, [join(root, "scripts", "long-lines.mjs")]],
  ["check:layers", node, [join(root, "scripts", "check-layers.mjs")]],
  ["typecheck", bin("tsc"), ["-p", ".", "--noEmit"]],
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !STEPS.some(([name]) => name === w));
if (unknown.length > 0) {
  console.error(`checks: no step named ${unknown.join(", ")}; the steps are ${STEPS.map(([n]) => n).join(", ")}`);
  process.exit(2);
}
const steps = wanted.length > 0 ? STEPS.filter(([name]) => wanted.includes(name)) : STEPS;

/** Run one step to its end; resolves with its exit status (1 when it could not start) and its output, stdout and stderr interleaved. */
function run([name, program, args]) {
  const started = performance.now();
  return new Promise((done) => {
    const chunks = [];
    const child = spawn(program, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    child.stdout.on("data", (d) => chunks.push(d));
    child.stderr.on("data", (d) => chunks.push(d));
    child.on("error", (e) => {
      chunks.push(Buffer.from(`checks: could not start ${name}: ${e.message}\n`));
    });
    child.on("close", (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const status = code ?? 1;
      done({ name, status, signal, seconds, output: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

const pending = steps.map(run);
const failed = [];
for (const p of pending) {
  const r = await p;
  const how = r.status === 0 ? "ok" : r.signal ? `killed by ${r.signal}` : `failed (exit ${r.status})`;
  process.stdout.write(`> ${r.name}: ${how} in ${r.seconds} s\n`);
  if (r.output.length > 0) process.stdout.write(r.output.endsWith("\n") ? r.output : `${r.output}\n`);
  if (r.status !== 0 || r.signal) failed.push(r.name);
}
if (failed.length > 0) {
  console.error(`checks: failed: ${failed.join(", ")}`);
  process.exit(1);
}
