// What "bit for bit" means across versions, pinned: committed databases (test/fixtures/pinned/, see its
// README), each recorded by the peerlab of one schema version, this one's included. Each opens (and so
// migrates) to the current schema with its rows intact; `db check` finds SQLite's integrity and every
// hash chain whole, its digests recomputing; and `replay --verify` re-executes its episodes under the
// scenario and shell harness versions they recorded. A change to canonical JSON, to the event chain, to
// how requests are normalised before hashing, or to what a model sees, fails here.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../src/store/index.js";
import { recordedShellHarness } from "../../src/world/shell/index.js";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const DIR = join(import.meta.dirname, "../fixtures/pinned");

interface Pin {
  schema: number;
  run: string;
  episodes: Record<string, { digest: string; harness: "tools" | "shell"; scenario_version: string; shell_harness: "1" | "2" | null }>;
}
const PINS: Record<string, Pin> = JSON.parse(readFileSync(join(DIR, "digests.json"), "utf8"));

/**
 * How far each recording re-executes under this peerlab (README.md says why):
 * - whole: every event, so the digest, bit for bit;
 * - until-outcome: every event before the outcome event, which the scenario's detectors compute and
 *   whose rules changed since (a declared detector version: replay keeps the stored outcomes);
 * - first-request: the first peerlab's tool schemas changed without a scenario version, so the first
 *   model request differs (a known gap, kept visible rather than hidden).
 * A recording made by this checkout's schema or later must re-execute whole.
 */
const REEXECUTES: Record<string, "whole" | "until-outcome" | "first-request"> = {
  "schema-1.db.gz": "first-request",
  "schema-4.db.gz": "until-outcome",
  "schema-5.db.gz": "until-outcome",
};

/** A fresh copy of a pinned database, decompressed. */
function copyOf(file: string): string {
  const path = join(tempDir("peerlab-pinned-"), file.replace(/\.gz$/, ""));
  writeFileSync(path, gunzipSync(readFileSync(join(DIR, file))));
  return path;
}

/** What a database holds, read without opening it as a store (which would migrate it). */
function contents(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      schema: db.pragma("user_version", { simple: true }) as number,
      runs: count("runs"),
      episodes: count("episodes"),
      events: db.prepare("SELECT episode_id, attempt, seq, kind, payload_json, hash FROM events ORDER BY episode_id, attempt, seq").all() as {
        payload_json: string;
      }[],
      digests: Object.fromEntries(
        (db.prepare("SELECT episode_id, digest FROM attempts").all() as { episode_id: string; digest: string }[]).map((r) => [r.episode_id, r.digest]),
      ),
    };
  } finally {
    db.close();
  }
}

interface ReplayJson {
  ok: boolean;
  episodes: { id: string; digest: string | null; ok: boolean; diverged_at?: { cause: string; kind?: string; step?: number } }[];
  report_reproduced?: boolean;
  older_detectors?: string[];
}

describe("pinned databases", () => {
  it("cover every schema a peerlab on main shipped, both harnesses, and both shell harness versions", () => {
    const schemas = Object.values(PINS).map((p) => p.schema);
    // Versions 2 and 3 were never the newest schema on main (README.md); later ones are added as they ship.
    expect(schemas.slice(0, 5)).toEqual([1, 4, 5, 6, 7]);
    for (const s of schemas) expect(s).toBeLessThanOrEqual(SCHEMA_VERSION);
    for (const [file, p] of Object.entries(PINS)) expect(file).toBe(`schema-${p.schema}.db.gz`);
    const eps = Object.values(PINS).flatMap((p) => Object.values(p.episodes));
    expect(new Set(eps.map((e) => e.harness))).toEqual(new Set(["tools", "shell"]));
    expect(new Set(eps.filter((e) => e.harness === "shell").map((e) => e.shell_harness))).toEqual(new Set(["1", "2"]));
  });

  for (const [file, pin] of Object.entries(PINS)) {
    describe(file, () => {
      it(`is at schema ${pin.schema}; \`db check\` migrates it to the current schema with its rows intact, and finds every chain whole`, async () => {
        const path = copyOf(file);
        const before = contents(path);
        expect(before.schema).toBe(pin.schema);
        expect(before.digests).toEqual(Object.fromEntries(Object.entries(pin.episodes).map(([id, e]) => [id, e.digest])));
        const r = await peerlab(["db", "check", path]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^SQLite integrity: ok$/m);
        const episodes = Object.keys(pin.episodes).length;
        expect(r.stdout).toContain(`(${pin.run}): ${episodes}/${episodes} attempt(s) of ${episodes} episode(s) intact`);
        const after = contents(path);
        expect(after.schema).toBe(SCHEMA_VERSION);
        expect({ ...after, schema: pin.schema }).toEqual(before);
      });

      const how = REEXECUTES[file] ?? "whole";
      it(`re-executes its episodes under the versions they recorded (${how})`, async () => {
        const path = copyOf(file);
        const db = new Database(path, { readonly: true });
        try {
          for (const [id, e] of Object.entries(pin.episodes)) {
            const start = JSON.parse(
              (db.prepare("SELECT payload_json FROM events WHERE episode_id = ? ORDER BY attempt DESC, seq LIMIT 1").get(id) as { payload_json: string })
                .payload_json,
            );
            expect(start.scenario_version).toBe(e.scenario_version);
            if (e.harness === "shell") expect(recordedShellHarness(start)).toBe(e.shell_harness);
          }
        } finally {
          db.close();
        }
        const r = await peerlab(["replay", pin.run, "--verify", "--json", "--db", path]);
        const got = JSON.parse(r.stdout) as ReplayJson;
        const ids = Object.keys(pin.episodes).sort();
        expect(got.episodes.map((e) => e.id).sort()).toEqual(ids);
        switch (how) {
          case "whole":
            expect(r.code).toBe(0);
            expect(got).toMatchObject({ ok: true, report_reproduced: true });
            for (const e of got.episodes) expect({ id: e.id, ok: e.ok, digest: e.digest }).toEqual({ id: e.id, ok: true, digest: pin.episodes[e.id]!.digest });
            expect(got.older_detectors).toBeUndefined();
            return;
          case "until-outcome":
            expect(r.code).toBe(1);
            expect(got.report_reproduced).toBe(true);
            expect(got.older_detectors?.sort()).toEqual(ids);
            for (const e of got.episodes) expect(e.diverged_at).toMatchObject({ cause: "event", kind: "outcome" });
            return;
          case "first-request":
            expect(r.code).toBe(1);
            for (const e of got.episodes) expect(e.diverged_at).toMatchObject({ cause: "request", step: 1 });
            return;
          default:
            how satisfies never;
        }
      }, 120_000);
    });
  }
});
