// Hostile input, every case through the real command: each corpus file (committed and generated) in
// its own child process, as a user would run it, with the commands that read it taken in turn (specs:
// run, plan, ablate; fixtures: validate, show, run of a spec using it; transcripts: import), so every command
// meets a third to a half of the files. input-corpus.test.ts runs every file with every command in process. Writes its
// figures (files, command runs, exit codes, time) to test-artifacts/reliability/input-corpus.json for
// docs/RELIABILITY.md. `npm run test:reliability` runs it; input-corpus.test.ts is the fast twin.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandsFor, corpusCases, generatedCases, pool, problemsOf, spawnCli } from "./input-harness.js";

const work = mkdtempSync(join(tmpdir(), "peerlab-hostile-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("hostile input corpus (every case, the real command)", () => {
  it("every file through every command that reads it exits 2 with a short, clean message and writes nothing", { timeout: 1_500_000 }, async () => {
    const cases = [...corpusCases(), ...generatedCases(join(work, "generated"))];
    const runs = cases.flatMap((c, i) => {
      const dir = join(work, `case-${i}`);
      mkdirSync(dir);
      const all = commandsFor(c, dir);
      return [all[i % all.length]!].map((argv, j) => {
        const own = join(dir, `cmd-${j}`);
        mkdirSync(own);
        const db = argv.includes("--db") ? argv[argv.indexOf("--db") + 1]! : null;
        return { c, argv: argv.map((a) => (a === db ? join(own, "p.db") : a)), db: join(own, "p.db") };
      });
    });
    const t0 = performance.now();
    const results = await pool(runs, 2, (r) => spawnCli(r.argv));
    const seconds = (performance.now() - t0) / 1000;
    const problems = runs.flatMap((r, i) => problemsOf(r.c, r.argv, results[i]!, r.db));
    const codes: Record<string, number> = {};
    for (const r of results) codes[r.code] = (codes[r.code] ?? 0) + 1;
    const byKind = (k: string) => ({ files: cases.filter((c) => c.kind === k).length, runs: runs.filter((r) => r.c.kind === k).length });
    const figures = {
      files: cases.length,
      generated: cases.filter((c) => c.generated).length,
      command_runs: runs.length,
      exit_codes: codes,
      spec: byKind("spec"),
      fixture: byKind("fixture"),
      transcript: byKind("transcript"),
      seconds: Math.round(seconds),
      slowest_ms: Math.round(Math.max(...results.map((r) => r.ms))),
      problems: problems.length,
    };
    const out = resolve(import.meta.dirname, "../../test-artifacts/reliability");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "input-corpus.json"), JSON.stringify(figures, null, 2) + "\n");
    console.log(`hostile input: ${JSON.stringify(figures)}`);
    expect(problems).toEqual([]);
    expect(codes).toEqual({ 2: runs.length });
  });
});
