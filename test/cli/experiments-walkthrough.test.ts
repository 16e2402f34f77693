// docs/EXPERIMENTS.md walks through a follow-up study with sim agents: this test runs the commands of
// its "Stimulus variants and the party" and "A follow-up study, end to end" sections as written (all
// but `peerlab view`, which serves until stopped), in a folder holding a copy of the spec and its
// variants file, checks the output the doc quotes, and tops the run up as the doc says.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const DOC = readFileSync("docs/EXPERIMENTS.md", "utf8");

/** The text of a section, from its heading to the next heading of its level. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf("\n## ", start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The fenced blocks of a language in a text, each as its lines. */
function blocks(text: string, lang: string): string[][] {
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!.split("\n").filter((l) => l.trim()));
}

/** A quoted output line as a pattern: "…" stands for the part that varies (a run id's hash). */
function quoted(line: string): RegExp {
  return new RegExp(
    line
      .split("…")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("\\S+"),
  );
}

describe("docs/EXPERIMENTS.md: the follow-up study walkthrough", () => {
  it("runs as written, shows what it quotes, and tops up by raising trials", { timeout: 300_000 }, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "experiments", "variants"), { recursive: true });
    for (const f of ["policy-framing.yaml", "schema.json", "variants/framing.yaml"]) cpSync(join("experiments", f), join(dir, "experiments", f));
    const walkthrough = section("A follow-up study, end to end");
    const commands = [...blocks(section("Stimulus variants and the party"), "sh"), ...blocks(walkthrough, "sh")].flat();
    expect(commands.length).toBeGreaterThanOrEqual(6);
    expect(walkthrough).toMatch(/`peerlab view --db runs\/follow-up\.db`/);
    let out = "";
    for (const line of commands) {
      expect(line).toMatch(/^peerlab /);
      const r = await peerlab(line.split(/\s+/).slice(1), { cwd: dir });
      expect(r.stderr, line).not.toMatch(/error|warning/i);
      expect(r.code, line).toBe(0);
      out += r.stdout;
    }
    const [first, topUp] = blocks(walkthrough, "text");
    for (const line of first!) expect(out).toMatch(quoted(line));
    // The report's label, the factors' columns and the contrasts the doc names.
    expect(walkthrough).toContain("HARNESS VALIDATION — Simulated agents (sim:*): these results validate the\nharness; they are not findings about any model.");
    expect(out).toContain("HARNESS VALIDATION — Simulated agents (sim:*): these results validate the harness; they are not findings about any model.");
    for (const row of ["party human vs ai", "framing plain vs strict", "peer_log calm vs distressed"]) expect(out).toContain(row);
    expect(out).toMatch(/\(3 readable \/ 3 done\)/);
    // With sim agents every difference across party and variants is 0 (rates and the reported score).
    const report = JSON.parse((await peerlab(["report", "policy-framing", "--db", "runs/follow-up.db", "--json"], { cwd: dir })).stdout) as {
      run: { simulated: boolean; done: number };
      contrasts: { factor: string; diff: number; pairs: number | null }[];
      mean_contrasts: { factor: string; outcome: string; primary: boolean; welch: { estimate: number }; paired: { n: number; estimate: number } | null }[];
    };
    expect(report.run).toMatchObject({ simulated: true, done: 120 });
    const levels = (f: string) => f === "party" || f === "variants";
    expect(report.contrasts.filter((c) => levels(c.factor)).length).toBeGreaterThan(0);
    for (const c of report.contrasts.filter((x) => levels(x.factor))) {
      expect(c.diff).toBe(0);
      expect(c.pairs).toBe(3);
    }
    const means = report.mean_contrasts.filter((c) => levels(c.factor) && c.outcome === "reported_score");
    expect(means.length).toBeGreaterThan(0);
    for (const c of means) {
      expect(c.primary).toBe(true);
      expect(c.welch.estimate).toBe(0);
      expect(c.paired).toMatchObject({ n: 3, estimate: 0 });
    }
    // Topping up: trials 3 → 5 keeps the 120 finished episodes and runs 80.
    expect(walkthrough).toContain("With `trials: 5` instead of 3:");
    const spec = join(dir, "experiments", "policy-framing.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace(/^trials: 3$/m, "trials: 5"));
    const plan = await peerlab(["plan", "experiments/policy-framing.yaml", "--db", "runs/follow-up.db"], { cwd: dir });
    for (const line of topUp!) expect(plan.stdout).toMatch(quoted(line));
    const run = await peerlab(["run", "experiments/policy-framing.yaml", "--db", "runs/follow-up.db", "--quiet"], { cwd: dir });
    expect(run.code).toBe(0);
    const list = JSON.parse((await peerlab(["list", "--db", "runs/follow-up.db", "--json"], { cwd: dir })).stdout) as unknown;
    expect(JSON.stringify(list)).toMatch(/"done":200/);
    expect(JSON.stringify(list)).toMatch(/"done":120/);
  });
});
