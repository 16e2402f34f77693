// The sandbox thread runs from the compiled build as it does from the sources: plain Node, no tsx, starts
// dist/'s worker.js and draws the same numbers, at the same instant, as the source worker through tsx.
// `npm test` builds first; otherwise run `npm run build`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildState } from "../../../bin/build-state.js";
import { SandboxPool, type ShellSeeding } from "../../../src/world/shell/index.js";
import { QUEUE_ONLY, T0, sessionOf, shellState, worldWith } from "./support.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const DIST = join(ROOT, "dist/src");
const SCRIPT = "echo $RANDOM $RANDOM; date -u +%FT%T; ls ~ | head -n 1";
const SEEDINGS: ShellSeeding[] = [
  { version: "1", episodeSeed: 3 },
  { version: "2", episodeSeed: 3 },
  { version: "2", episodeSeed: 4 },
];

/** The same commands run by plain Node from the build, in a child process. */
function runBuilt(): unknown[] {
  const url = (p: string) => JSON.stringify(pathToFileURL(join(DIST, p)).href);
  const program = `
    const { World, ShellSession, foldersOf } = await import(${url("world/index.js")});
    const { SteppingClock } = await import(${url("util/index.js")});
    const { SandboxPool, sandboxEntry } = await import(${url("world/shell/index.js")});
    const state = JSON.parse(process.argv[1]);
    const pool = new SandboxPool({ size: 1 });
    const out = [String(sandboxEntry(${url("world/shell/pool.js")}).entry)];
    for (const seeding of JSON.parse(process.argv[2])) {
      const world = new World(structuredClone(state), new SteppingClock(${JSON.stringify(T0)}, 60000), () => {});
      const profile = JSON.parse(process.argv[3]);
      const session = new ShellSession(world, { profile, epoch: ${JSON.stringify(T0)}, folders: foldersOf(world.state), pool, seeding });
      out.push(await session.exec(${JSON.stringify(SCRIPT)}));
    }
    pool.close();
    console.log(JSON.stringify(out));
  `;
  const r = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", program, JSON.stringify(shellState()), JSON.stringify(SEEDINGS), JSON.stringify(QUEUE_ONLY)],
    { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as unknown[];
}

const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());

describe("the sandbox from the compiled build", () => {
  it("starts dist/'s worker.js under plain Node and gives what the sources give, per shell harness version", async () => {
    expect(buildState(ROOT), "the build in dist/ is not fresh: run `npm run build`").toEqual({ state: "fresh" });
    expect(existsSync(join(DIST, "world/shell/worker.js"))).toBe(true);
    const [entry, ...built] = runBuilt();
    expect(entry).toBe(pathToFileURL(join(DIST, "world/shell/worker.js")).href);
    const fromSources = [];
    for (const seeding of SEEDINGS) fromSources.push(await sessionOf(worldWith(), QUEUE_ONLY, undefined, pool, seeding).exec(SCRIPT));
    expect(built).toEqual(fromSources);
    const first = fromSources[0]!;
    expect(first.stdout).toMatch(new RegExp(`^\\d+ \\d+\\n${T0.slice(0, 19)}\\n\\S+\\n$`));
    // Version 2 folds the episode's seed in; version 1 does not.
    expect(fromSources[1]!.stdout).not.toBe(fromSources[2]!.stdout);
  }, 60_000);
});
