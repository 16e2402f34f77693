// How the sandbox seeds a command's randomness, per shell harness version, and how a dead sandbox
// thread's error reaches the command's result. Version 1 must draw exactly what the first (JavaScript)
// worker drew: its recordings re-execute bit for bit.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../../src/util/rng.js";
import { SandboxPool, commandRandom, recordedShellHarness, sandboxEntry, type SandboxOutcome, type ShellSeeding } from "../../../src/world/shell/index.js";
import { SEEDING, T0, sessionOf, worldWith } from "./support.js";

const pool = new SandboxPool({ size: 2 });
afterAll(() => pool.close());
const RANDOM3 = "echo $RANDOM $RANDOM $RANDOM";
const run = (seeding: ShellSeeding, cmd = RANDOM3) => sessionOf(worldWith(), undefined, undefined, pool, seeding).exec(cmd);

describe("shell seeding", () => {
  it("version 2 folds the episode's seed in: two trials at the same step draw different numbers", async () => {
    const a = await run({ version: "2", episodeSeed: 101 });
    const b = await run({ version: "2", episodeSeed: 102 });
    const again = await run({ version: "2", episodeSeed: 101 });
    expect(a.stdout).toMatch(/^\d+ \d+ \d+\n$/);
    expect(b.stdout).not.toBe(a.stdout);
    expect(again).toEqual(a);
  });

  it("version 1 draws what the first worker drew, whatever the episode's seed", async () => {
    // Pinned from the JavaScript worker (worker.mjs) this TypeScript worker replaced.
    const first = await run({ version: "1", episodeSeed: 101 });
    const other = await run({ version: "1", episodeSeed: 102 });
    expect(first.stdout).toBe("15858 13532 2686\n");
    expect(other).toEqual(first);
  });

  it("seeds from the project's one generator", () => {
    expect(commandRandom({ version: "2", episodeSeed: 5 }, T0, "ls")).toEqual(Rng.stateOf("shell-command", 5, T0, "ls"));
    const v1 = commandRandom({ version: "1", episodeSeed: 5 }, T0, "ls");
    expect(v1.slice(1)).toEqual([0x9e3779b9, 0x243f6a88, 0xb7e15162]);
    // fromState warms up as the constructor does: same state words, same draws.
    const words = Rng.stateOf("x");
    expect(Rng.fromState(words).nextUint32()).toBe(new Rng("x").nextUint32());
  });

  it("reads the version an episode recorded (absent: 1) and refuses one it does not know", () => {
    expect(recordedShellHarness({ scenario: "s" })).toBe("1");
    expect(recordedShellHarness({ shell_harness: "2" })).toBe("2");
    expect(() => recordedShellHarness({ shell_harness: "9" })).toThrow(/shell harness version "9" is not known/);
  });
});

describe("a dead sandbox thread", () => {
  it("leaves its error in the outcome of the command it was running, and the pool goes on", async () => {
    const crashy = new SandboxPool({ size: 1 });
    try {
      const message = {
        script: "cat /etc/hostname",
        instant: T0,
        random: Rng.stateOf("t"),
        paths: [],
        cwd: "/",
        env: {},
        builtins: ["cat", "echo"],
        company: [],
        unavailable: [],
        limits: {},
      };
      // A reply the thread cannot read: its message handler throws, uncaught, and the thread dies.
      const dead = await crashy.run({ message, hardTimeoutMs: 15_000, onRequest: () => ({ ok: false, error: null as never }) });
      expect(dead).toMatchObject({ stopped: "crashed", exitCode: 137 });
      expect(dead.error).toMatch(/^TypeError|Cannot read properties of null/);
      const next = await crashy.run({ message: { ...message, script: "echo alive" }, hardTimeoutMs: 15_000, onRequest: () => ({ ok: true, value: null }) });
      expect(next).toEqual({ stdout: "alive\n", stderr: "", exitCode: 0 });
    } finally {
      crashy.close();
    }
  }, 30_000);

  /** A pool whose every thread dies with the given error. */
  class DyingPool extends SandboxPool {
    override run(): Promise<SandboxOutcome> {
      return Promise.resolve({ stdout: "", stderr: "", exitCode: 137, stopped: "crashed", error: "ERR_WORKER_OUT_OF_MEMORY: JS heap out of memory" });
    }
  }

  it("is in the command's output from version 2, so the episode's record keeps it", async () => {
    const r = await sessionOf(worldWith(), undefined, undefined, new DyingPool(), SEEDING).exec("true");
    expect(r).toMatchObject({ stopped: "crashed", error: "ERR_WORKER_OUT_OF_MEMORY: JS heap out of memory" });
    expect(r.stderr).toBe("bash: the shell stopped: ERR_WORKER_OUT_OF_MEMORY: JS heap out of memory\n");
  });

  it("says nothing in the output under version 1, as version 1 recorded", async () => {
    const r = await sessionOf(worldWith(), undefined, undefined, new DyingPool(), { version: "1", episodeSeed: 1 }).exec("true");
    expect(r.stopped).toBe("crashed");
    expect(r.stderr).toBe("");
  });
});

describe("the sandbox's entry", () => {
  it("is worker.js beside a built module, and worker.ts bundled without tsx beside a source module", () => {
    const built = sandboxEntry("file:///app/dist/world/shell/pool.js");
    expect(built).toEqual({ entry: new URL("file:///app/dist/world/shell/worker.js"), eval: false });
    const here = new URL("../../../src/world/shell/pool.ts", import.meta.url).href;
    const source = sandboxEntry(here);
    expect(source.eval).toBe(false);
    const file = fileURLToPath(source.entry as URL);
    expect(file).toMatch(/[/]node_modules[/][.]cache[/]peerlab-source-entries[/][0-9a-f]{24}[.]mjs$/);
    const code = readFileSync(file, "utf8");
    // No loader in the thread: plain JavaScript, whose modules still name their own source files.
    expect(code).not.toMatch(/tsx/);
    expect(code).not.toContain(["import", "meta", "url"].join("."));
    expect(code).toContain(JSON.stringify(new URL("../../util/package-root.ts", here).href));
    // Built once per process: the same entry again.
    expect(sandboxEntry(here).entry).toBe(source.entry);
  });
});
