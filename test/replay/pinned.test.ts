// What "bit for bit" means across versions, pinned: committed databases (test/fixtures/pinned/, see its
// README) recorded by this peerlab and by the peerlabs of every older schema version. Each opens (and so
// migrates) to the current schema with its data intact, its stored records verify, and every episode
// re-executes under the scenario and shell harness versions it recorded to the digest pinned in
// digests.json. A change to canonical JSON, to the event chain or to how requests and messages are
// normalised before hashing changes a recomputed hash, and these tests fail.
import { copyFileSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { replayRun } from "../../src/replay/index.js";
import { checkDatabase } from "../../src/store/verify-db.js";
import { SCHEMA_VERSION, openStore } from "../../src/store/index.js";
import { recordedShellHarness } from "../../src/world/shell/index.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";

const DIR = join(process.cwd(), "test/fixtures/pinned");

interface Pinned {
  /** The schema version the file was written at. */
  schema: number;
  run: string;
  /** Episode id → its digest, and the scenario and shell harness versions it recorded. */
  episodes: Record<string, { digest: string; harness: "tools" | "shell"; scenario_version: string; shell_harness: string | null }>;
}
const PINNED: Record<string, Pinned> = JSON.parse(readFileSync(join(DIR, "digests.json"), "utf8"));

/** What a database holds, read without opening it as a store (which would migrate it). */
function contents(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      schema: db.pragma("user_version", { simple: true }) as number,
      runs: count("runs"),
      episodes: count("episodes"),
      events: count("events"),
      digests: Object.fromEntries((db.prepare("SELECT episode_id, digest FROM attempts").all() as { episode_id: string; digest: string }[]).map((r) => [r.episode_id, r.digest])),
      hashes: (db.prepare("SELECT hash FROM events ORDER BY episode_id, attempt, seq").all() as { hash: string }[]).map((r) => r.hash),
    };
  } finally {
    db.close();
  }
}

describe("pinned databases", () => {
  it("cover the current schema and every older one a peerlab released, each with its pins", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".db")).sort();
    expect(files).toEqual(Object.keys(PINNED).sort());
    const schemas = Object.values(PINNED).map((p) => p.schema);
    expect(schemas).toContain(SCHEMA_VERSION);
    // Versions 2 and 3 were never the newest schema of a released peerlab (see the README).
    expect(new Set(schemas)).toEqual(new Set([1, 4, 5, 6, SCHEMA_VERSION]));
    // Both harnesses, and the shell under its first version and under the current one.
    const eps = Object.values(PINNED).flatMap((p) => Object.values(p.episodes));
    expect(new Set(eps.map((e) => e.harness))).toEqual(new Set(["tools", "shell"]));
    expect(new Set(eps.filter((e) => e.harness === "shell").map((e) => e.shell_harness))).toEqual(new Set(["1", "2"]));
  });

  for (const [file, pin] of Object.entries(PINNED)) {
    describe(file, () => {
      it(`is at schema ${pin.schema}, migrates to the current schema on open with its data intact, and verifies`, () => {
        const path = join(tempDir("peerlab-pinned-"), file);
        copyFileSync(join(DIR, file), path);
        const before = contents(path);
        expect(before.schema).toBe(pin.schema);
        expect(before.digests).toEqual(Object.fromEntries(Object.entries(pin.episodes).map(([id, e]) => [id, e.digest])));
        const store = openStore(path, { clock: testClock() });
        try {
          expect(store.schemaVersion).toBe(SCHEMA_VERSION);
          const check = checkDatabase(store);
          expect(check.integrity).toEqual(["ok"]);
          expect(check.groups.flatMap((g) => g.broken)).toEqual([]);
          expect(check.ok).toBe(true);
        } finally {
          store.close();
        }
        const after = contents(path);
        expect({ ...after, schema: before.schema }).toEqual(before);
        expect(after.schema).toBe(SCHEMA_VERSION);
      });

      it("re-executes every episode under the versions it recorded, to its pinned digest", async () => {
        const path = join(tempDir("peerlab-pinned-"), file);
        copyFileSync(join(DIR, file), path);
        const store = openStore(path, { clock: testClock() });
        try {
          for (const [id, e] of Object.entries(pin.episodes)) {
            const start = store.listEvents(id, 1)[0]!;
            expect(start.kind).toBe("episode_start");
            const payload = start.payload as { scenario_version: string; cell: { harness?: string } };
            expect(payload.scenario_version).toBe(e.scenario_version);
            expect(payload.cell.harness ?? "tools").toBe(e.harness);
            if (e.shell_harness) expect(recordedShellHarness(start.payload)).toBe(e.shell_harness);
          }
          const r = await replayRun(store, pin.run, { clock: testClock(), verify: true });
          const got = Object.fromEntries(r.episodes.map((x) => [x.id, { ok: x.ok, diverged: x.diverged_at ?? null, digest: x.digest }]));
          expect(got).toEqual(Object.fromEntries(Object.entries(pin.episodes).map(([id, x]) => [id, { ok: true, diverged: null, digest: x.digest }])));
          expect(r.report_reproduced).toBe(true);
          expect(r.ok).toBe(true);
        } finally {
          store.close();
        }
      }, 120_000);
    });
  }
});
