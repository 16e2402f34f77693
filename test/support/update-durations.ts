// `npm run test:durations`: rewrites test/support/durations.json (seconds per test file, the order
// test/support/sequencer.ts starts files in) from the JSON report of a full `vitest run` (.vitest.json,
// or the file named as the argument). Only the order matters, so a run on a busy machine does too.
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";

interface Report {
  testResults: { name: string; startTime: number; endTime: number }[];
}

const root = resolve(import.meta.dirname, "../..");
const source = resolve(process.argv[2] ?? resolve(root, ".vitest.json"));
const report = JSON.parse(readFileSync(source, "utf8")) as Report;
const rows = report.testResults
  .map((t) => [relative(root, t.name), Math.round((t.endTime - t.startTime) / 100) / 10] as const)
  .filter(([file]) => file.startsWith("test/"))
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
const out = resolve(import.meta.dirname, "durations.json");
writeFileSync(out, `${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
console.log(`test:durations: ${rows.length} files from ${source} into ${relative(process.cwd(), out)}`);
