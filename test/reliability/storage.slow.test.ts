// Storage faults, swept: 10 failing writes at positions and of kinds drawn from a seed, on a 32-episode
// run (about 1,250 writes, 570 of them commits, since an episode writes once per model call): one-off
// device errors, disks that fill and stay full, failing COMMITs, a database turning read-only mid-run.
// Each must stop cleanly, keep done episodes whole and verifiable, and resume to exactly the
// uninterrupted run. Writes test-artifacts/reliability/storage.json.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { crashSpec } from "../support/crash.js";
import { writeArtifact } from "./support/artifacts.js";
import { expectFaultCaseRecovered, expectRealFullDiskRecovered, runFaultCase, tmpfsUnavailable, type FaultCase } from "./support/storage-run.js";

const TRIALS = 8;
const TOTAL = TRIALS * 4;
const SPEC = crashSpec(TRIALS);

const KINDS: Omit<FaultCase, "rule">[] = [
  { what: "one write fails with a device error", message: /disk I\/O error/ },
  { what: "the disk fills up and stays full", message: /database or disk is full/ },
  { what: "one COMMIT fails on a full disk", message: /\(commit\): database or disk is full/ },
  { what: "the database turns read-only mid-run", message: /attempt to write a readonly database/ },
];

function draw(): FaultCase[] {
  const rng = new Rng("reliability-storage-slow");
  return Array.from({ length: 10 }, (_, i) => {
    const k = KINDS[i % KINDS.length]!;
    const n = k.what.includes("COMMIT") ? 60 + rng.int(450) : 80 + rng.int(1050);
    const rule = k.what.includes("COMMIT")
      ? `${n}:full@commit`
      : k.what.includes("stays full")
        ? `${n}+:full`
        : k.what.includes("read-only")
          ? `${n}+:readonly`
          : `${n}:ioerr`;
    return { ...k, rule };
  });
}

describe("storage faults, swept (10 seeded positions on a 32-episode run)", () => {
  const figures: Record<string, unknown>[] = [];
  const cases = draw();

  for (const c of cases) {
    it(`${c.what} (PEERLAB_FAULT_WRITES=${c.rule}): stops cleanly, nothing lost or half-written, resume completes it once`, async () => {
      const started = Date.now();
      const r = await runFaultCase(c, SPEC, TOTAL);
      const row: Record<string, unknown> = {
        rule: c.rule,
        what: c.what,
        exit_code: r.stopped.run.code,
        message: r.stopped.run.stderr.split("\n").find((l) => l.startsWith("error: cannot")) ?? null,
        done_at_stop: r.stopped.check.done,
        statuses_at_stop: r.stopped.statuses,
        integrity_at_stop: r.stopped.check.integrity,
        done_verified: r.verified,
      };
      figures.push(row);
      const after = await expectFaultCaseRecovered(r, c, SPEC, TOTAL);
      row.after_resume = { done: after.done, integrity: after.integrity, each_once: after.doneAttemptsPerEpisode.every((n) => n === 1) };
      row.ms = Date.now() - started;
    }, 240_000);
  }

  it("writes its figures", async () => {
    expect(figures).toHaveLength(cases.length);
    writeArtifact("storage", { episodes_per_run: TOTAL, cases: figures, recovered: figures.filter((f) => f.after_resume).length });
  });
});

const noTmpfs = tmpfsUnavailable();

describe("a real full disk (a small tmpfs), full size", () => {
  it.skipIf(noTmpfs !== null)(
    `stops with SQLite's own "disk is full", loses nothing, and resumes once the disk has room${noTmpfs ? ` (skipped: ${noTmpfs})` : ""}`,
    // About 45 KB an episode in the database, and a WAL that grows to 4 MB between checkpoints: 5 MB
    // fills up about 25 episodes into this 60-episode run, past the WAL's first checkpoint.
    () => expectRealFullDiskRecovered(15, "5m"),
    300_000,
  );
});
