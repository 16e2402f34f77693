// REAL PROCESS: `peerlab replay` as bin/peerlab.js runs it, from the build's replay bundle loaded with
// V8's code cache (src/replay/code-cache.ts), prints byte for byte what the CLI run from the sources
// prints, on one thread and on two (a run of two episodes), for a run that verifies and for one whose record was changed, and
// a shell episode's sandbox thread is found from the bundle (and stopped when the command ends). `npm test` builds first; otherwise run
// `npm run build`.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { buildState } from "../../bin/build-state.js";
import { REPLAY_BUNDLE } from "../../src/replay/code-cache.js";
import { type CliResult, peerlab, peerlabProcess } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PINNED = join(import.meta.dirname, "../fixtures/pinned");

/** The pinned database of the current schema: a tools and a shell episode that re-execute whole. */
function pinnedCopy(dir: string): { db: string; run: string } {
  const file = "schema-7.db.gz";
  const pins = JSON.parse(readFileSync(join(PINNED, "digests.json"), "utf8")) as Record<string, { run: string }>;
  const db = join(dir, "pinned.db");
  writeFileSync(db, gunzipSync(readFileSync(join(PINNED, file))));
  return { db, run: pins[file]!.run };
}

async function sameAsSources(args: string[], threads: string[]): Promise<CliResult> {
  const fromSources = await peerlab(args);
  for (const n of threads) {
    // An idle sandbox thread once kept the command alive for its 30 s idle timeout after a shell episode.
    const built = peerlabProcess([...args, "--threads", n], { timeoutMs: 25_000 });
    expect(built).toEqual(fromSources);
  }
  return fromSources;
}

describe("peerlab replay from the build's bundle", () => {
  it("prints what the sources print, on one thread and two, and leaves the bundle's code cache", async () => {
    expect(buildState(ROOT)).toEqual({ state: "fresh" });
    const dir = tempDir();
    const pinned = pinnedCopy(dir);
    const shell = await sameAsSources(["replay", pinned.run, "--verify", "--json", "--db", pinned.db], ["1", "2"]);
    expect(shell.code).toBe(0);
    expect(JSON.parse(shell.stdout)).toMatchObject({ ok: true, report_reproduced: true });

    // One stored payload changed: the record check fails, the same way from the bundle.
    const db = new Database(pinned.db);
    db.prepare("UPDATE events SET payload_json = json_set(payload_json, '$.peerlab_tampered', 1) WHERE rowid = (SELECT max(rowid) FROM events)").run();
    db.close();
    const changed = await sameAsSources(["replay", pinned.run, "--verify", "--db", pinned.db], ["2"]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain("Replay failed");

    expect(readdirSync(join(ROOT, "dist/.v8-cache")).some((f) => f.startsWith(`${REPLAY_BUNDLE}-`))).toBe(true);
  }, 120_000);
});
