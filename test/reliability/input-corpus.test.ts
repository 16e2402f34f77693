// Hostile input, fast: every file of the corpus (test/reliability/corpus, plus huge, binary, linked
// and special files generated here) through every command that reads it, by the CLI's own entry point
// in this process; and a sample through the real command in a child process. Each must exit 2 with a
// short message naming the file and the line or field, no stack trace, no raw control characters,
// and nothing written to the database. input-corpus.slow.test.ts runs every case as a child process.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tmpdir } from "node:os";
import { tempDir } from "../support/tmp.js";
import { commandsFor, corpusCases, generatedCases, pool, problemsOf, runInProcess, spawnCli, type InputCase } from "./input-harness.js";

let genDir: string;
let generated: InputCase[];
beforeAll(() => {
  genDir = mkdtempSync(join(tmpdir(), "peerlab-hostile-"));
  generated = generatedCases(genDir);
});
afterAll(() => rmSync(genDir, { recursive: true, force: true }));

const committed = corpusCases();

async function check(c: InputCase): Promise<string[]> {
  const problems: string[] = [];
  const work = tempDir("peerlab-input-");
  for (const [i, argv] of commandsFor(c, work).entries()) {
    const db = argv.includes("--db") ? argv[argv.indexOf("--db") + 1]! : join(work, "none.db");
    // A fresh database path per command, so each is checked for what it alone wrote.
    const own = join(work, `c${i}`);
    mkdirSync(own);
    const args = argv.map((a) => (a === db ? join(own, "p.db") : a));
    problems.push(...problemsOf(c, args, await runInProcess(args), join(own, "p.db")));
  }
  return problems;
}

describe("hostile input corpus (in process)", () => {
  it("holds cases of every kind", () => {
    const count = (k: string) => committed.filter((c) => c.kind === k).length;
    expect(count("spec")).toBeGreaterThanOrEqual(60);
    expect(count("fixture")).toBeGreaterThanOrEqual(25);
    expect(count("transcript")).toBeGreaterThanOrEqual(20);
  });

  for (const c of committed) {
    it(`${c.id}: exit 2, names the file and ${c.expect.source.slice(0, 60)}`, async () => {
      expect(await check(c)).toEqual([]);
    });
  }

  it("generated cases (huge, binary, special files, links out of the spec's folder, thousands of problems) all exit 2 the same way", async () => {
    expect(generated.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    for (const c of generated) problems.push(...(await check(c)));
    expect(problems).toEqual([]);
  });
});

describe("hostile input corpus (the real command)", () => {
  const SAMPLE = ["spec/tag-js-function.yaml", "fixture/control-raw.yaml", "transcript/proto-metadata.json"];

  it("a sample of every kind exits 2 the same way in a child process", async () => {
    const cases = [...committed, ...generated].filter((c) => SAMPLE.includes(c.id));
    expect(cases.map((c) => c.id).sort()).toEqual([...SAMPLE].sort());
    const work = tempDir("peerlab-input-cli-");
    const runs = cases.map((c, i) => {
      const dir = join(work, String(i));
      mkdirSync(dir);
      return { c, argv: commandsFor(c, dir)[0]!, db: join(dir, "p.db") };
    });
    const results = await pool(runs, 3, (r) => spawnCli(r.argv));
    expect(runs.flatMap((r, i) => problemsOf(r.c, r.argv, results[i]!, r.db))).toEqual([]);
  });
});
