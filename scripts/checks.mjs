// `npm run checks`: the checks `npm test` runs before the tests (format, lint, layers, type check), two
// at a time: each is a process of its own that reads the sources, so on two cores they take about half
// the time of one after another. Each one's output is printed whole, in the order listed, and the
// command fails when any check does, after all have ended.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const CHECKS = [
  ["type check", "npx", ["tsc", "-p", ".", "--noEmit"]],
  ["layers", "npm", ["run", "--silent", "check:layers"]],
  ["format", "npm", ["run", "--silent", "format:check"]],
  ["lint", "npm", ["run", "--silent", "lint"]],
];
const AT_ONCE = Math.max(1, Math.min(2, availableParallelism()));

function run([name, cmd, args]) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => out.push(d));
    child.on("error", (e) => resolveRun({ name, code: 1, text: `${e.message}\n` }));
    child.on("close", (code) => resolveRun({ name, code: code ?? 1, text: Buffer.concat(out).toString() }));
  });
}

const results = new Array(CHECKS.length);
let next = 0;
async function worker() {
  while (next < CHECKS.length) {
    const i = next++;
    results[i] = await run(CHECKS[i]);
  }
}
await Promise.all(Array.from({ length: AT_ONCE }, worker));

let failed = 0;
for (const r of results) {
  process.stdout.write(`\n> ${r.name}\n${r.text}`);
  if (r.code !== 0) {
    failed++;
    process.stdout.write(`checks: ${r.name} failed (exit ${r.code})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
