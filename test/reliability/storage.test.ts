// Storage faults: writes that fail as SQLite fails on a full disk, a device error, a read-only file,
// or a failing COMMIT (through the store's PEERLAB_FAULT_WRITES seam), a tmpfs that really fills up,
// and a database file the user cannot write. The run stops with one clear message and exit 1; done
// episodes stay whole and replay bit for bit; nothing is half-written; once the fault is gone,
// `resume` completes the run with every episode done exactly once, as an uninterrupted run would.
// The real-full-disk run sets a 5 s claim lease (PEERLAB_LEASE_MS): its resume waited the default 30 s
// for the claims the full disk kept the run from releasing (see expectRealFullDiskRecovered); how long
// a lease lasts is not what these tests are about.
import { chmodSync, chownSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { BIN, peerlab } from "../support/cli.js";
import { checkDb, crashSpec, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";
import { peerlabAsync, STACK_LINE } from "./support/cli-async.js";
import {
  expectFaultCaseRecovered,
  expectRealFullDiskRecovered,
  readonlyUserUnavailable,
  runFaultCase,
  statusesOf,
  tmpfsUnavailable,
  type FaultCase,
} from "./support/storage-run.js";

const TRIALS = 6;
const TOTAL = TRIALS * 4;
const SPEC = crashSpec(TRIALS);
// A 24-episode run makes about 1,400 writes (57 an episode, commits included); these fall mid-run.
// storage.slow.test.ts sweeps more positions and kinds (a disk that stays full, a file turning read-only).
const rng = new Rng("reliability-storage-fast");
const CASES: FaultCase[] = [
  { rule: `${200 + rng.int(800)}:ioerr`, what: "one write fails with a device error", message: /disk I\/O error/ },
  { rule: `${100 + rng.int(400)}:full@commit`, what: "one COMMIT fails on a full disk", message: /\(commit\): database or disk is full/ },
];

describe("storage faults through the store's seam", () => {
  for (const c of CASES) {
    it(`${c.what} (PEERLAB_FAULT_WRITES=${c.rule}): the run stops cleanly, done episodes replay bit for bit, resume completes it once`, async () => {
      const r = await runFaultCase(c, SPEC, TOTAL);
      await expectFaultCaseRecovered(r, c, SPEC, TOTAL);
    }, 240_000);
  }

  it("refuses a malformed PEERLAB_FAULT_WRITES as bad input, before anything is written", async () => {
    const dir = tempDir("peerlab-storage-");
    const run = await peerlab(["run", writeSpec(dir, SPEC), "--db", join(dir, "p.db"), "--quiet"], { cwd: dir, env: { PEERLAB_FAULT_WRITES: "soon:full" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PEERLAB_FAULT_WRITES: expected rules like/);
  }, 120_000);
});

const noTmpfs = tmpfsUnavailable();

describe("a real full disk (a small tmpfs)", () => {
  it.skipIf(noTmpfs !== null)(
    `stops with SQLite's own "disk is full", loses nothing, and resumes once the disk has room${noTmpfs ? ` (skipped: ${noTmpfs})` : ""}`,
    // The same 24-episode run as the cases above (so the uninterrupted run's digests are recorded once):
    // a WAL of 3.5 MB fills up about 8 episodes in, before its first checkpoint at 4 MB.
    // storage.slow.test.ts fills a 5 MB tmpfs about 25 episodes into a 60-episode run.
    () => expectRealFullDiskRecovered(TRIALS, "3500k"),
    300_000,
  );
});

const noReadonlyUser = readonlyUserUnavailable(BIN);

describe("a database the user cannot write", () => {
  it.skipIf(noReadonlyUser !== null)(
    `fails with a message naming the file, exit 1, and changes nothing${noReadonlyUser ? ` (skipped: ${noReadonlyUser})` : ""}`,
    async () => {
      const dir = tempDir("peerlab-readonly-");
      const db = join(dir, "p.db");
      const small = crashSpec(2);
      expect((await peerlab(["run", writeSpec(dir, small), "--db", db, "--quiet"], { cwd: dir })).code).toBe(0);
      const before = statusesOf(db);
      const digests = checkDb(db).digests;
      const hash = () => createHash("sha256").update(readFileSync(db)).digest("hex");
      const bytes = hash();
      // Root writes through file modes, so as root the CLI runs as nobody (uid 65534), as a user would.
      const asRoot = process.getuid?.() === 0;
      if (asRoot) chownSync(dir, 65534, 65534);
      chmodSync(db, 0o444);
      chmodSync(dir, 0o555);
      try {
        // A changed spec (more trials) must write; the unchanged database must stay as it was.
        writeSpecAs(dir, crashSpec(3));
        const run = await peerlabAsync(["run", join(dir, "more.yaml"), "--db", db, "--quiet"], {
          cwd: dir,
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
          timeoutMs: 120_000,
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`error: cannot open database ${db} for writing: permission denied (EACCES)`);
        expect(run.stderr).not.toMatch(STACK_LINE);
        const resumed = await peerlabAsync(["resume", "crash", "--db", db, "--quiet"], {
          cwd: dir,
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
          timeoutMs: 120_000,
        });
        expect(resumed.code).toBe(1);
        expect(resumed.stderr).toContain(db);
        expect(resumed.stderr).not.toMatch(STACK_LINE);
        // Reading still works.
        const list = await peerlabAsync(["list", "--json", "--db", db], { cwd: dir, ...(asRoot ? { uid: 65534, gid: 65534 } : {}), timeoutMs: 120_000 });
        expect(list.code).toBe(0);
        expect(JSON.parse(list.stdout).runs).toHaveLength(1);
      } finally {
        chmodSync(dir, 0o755);
        chmodSync(db, 0o644);
      }
      expect(hash()).toBe(bytes);
      expect(statusesOf(db)).toEqual(before);
      expect(checkDb(db).digests).toEqual(digests);
    },
    240_000,
  );
});

function writeSpecAs(dir: string, text: string): void {
  // The folder is read-only by now: write the changed spec beside it first.
  chmodSync(dir, 0o755);
  writeSpec(dir, text, "more.yaml");
  chmodSync(dir, 0o555);
}
