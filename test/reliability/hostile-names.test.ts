// Names a model, a transcript or a user chose are data, never members of Object.prototype: a file
// called "__proto__" is a file, "constructor" is not already there, deleting "toString" deletes
// nothing that was not made. Checked over hostile names in the tool harness (the World the tools
// call), the shell harness (its file system and, for the reported case, the sandboxed shell itself)
// and the importer (with the transcript shown and reported afterwards).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { importStudyTranscripts } from "../../src/import/index.js";
import { buildReport, loadEpisodeView, renderEpisodeText } from "../../src/report/index.js";
import { worldSnapshot } from "../../src/episode/index.js";
import { World, WorldError, diffWorlds, emptyWorld } from "../../src/world/index.js";
import { DOCS, SandboxPool } from "../../src/world/shell/index.js";
import { SteppingClock } from "../../src/util/clock.js";
import { memoryStore } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";
import { A, B, fsOf, sessionOf, shellState, worldWith } from "../world/shell/support.js";
import { join } from "node:path";
import { writeFileSync } from "node:fs";

/** Every name Object.prototype answers to, and a few more that have broken maps before. */
const PROTO_NAMES = [...Object.getOwnPropertyNames(Object.prototype), "prototype", "hasOwnProperty", "then"];
const hostileName = fc.oneof(
  fc.constantFrom(...PROTO_NAMES),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0 && !s.includes("/") && s !== "." && s !== ".."),
);
/** Fixed, so a failure replays and docs/RELIABILITY.md's figures are this file's. */
const SEED = 20261207;
/** How many distinct names the runs below tried (for docs/RELIABILITY.md). */
const tried = new Set<string>();

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
function expectPrototypeClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  const probe = {} as Record<string, unknown>;
  for (const k of ["content", "modified", "type", "size", "summary", "a", "x"]) expect(probe[k]).toBeUndefined();
}
afterEach(expectPrototypeClean);

const toolWorld = () => new World(emptyWorld(), new SteppingClock("2026-02-10T09:00:00.000Z", 60_000));

describe("hostile names in the tool harness", () => {
  it("a file named after an Object.prototype member is a file like any other: created, listed, appended, deleted", () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileName, { minLength: 1, maxLength: 6 }), (names) => {
        const w = toolWorld();
        const before = w.snapshot();
        for (const n of names) {
          tried.add(n);
          // Nothing is there before it is made: append and delete fail, they do not report success.
          expect(() => w.appendToFile(n, "x")).toThrow(WorldError);
          expect(() => w.deleteFile(n)).toThrow(WorldError);
          w.createFile(n, "a");
          w.appendToFile(n, "b");
        }
        const made = names.map((n) => n.trim());
        expect(w.listFiles().map(([n, f]) => [n, f.content])).toEqual([...made].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => [n, "ab"]));
        expect(
          diffWorlds(before, w.snapshot())
            .map((c) => c.path.join("/"))
            .sort(),
        ).toEqual(made.map((n) => `drive/${n}`).sort());
        // The same through a JSON round trip (snapshots are stored as JSON and read back as plain objects).
        const stored = JSON.parse(JSON.stringify(w.snapshot()));
        expect(Object.keys(stored.drive).sort()).toEqual([...made].sort());
        for (const n of names) w.deleteFile(n);
        expect(w.listFiles()).toEqual([]);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it("config keys and server files with hostile names: add_var, remove_var, transfer, delete queue", () => {
    fc.assert(
      fc.property(hostileName, (n) => {
        tried.add(n);
        const w = worldWith();
        w.state.configs.cfg = { kept: 1 };
        expect(() => w.removeVar("cfg", n)).toThrow(WorldError);
        expect(() => w.modifyVar("cfg", n, "1")).toThrow(WorldError);
        w.addVar("cfg", n, "true");
        expect(Object.keys(w.viewConfig("cfg")).sort()).toEqual(["kept", n.trim()].sort());
        expect(() => w.viewConfig(n)).toThrow(WorldError);
        expect(() => w.server(n)).toThrow(WorldError);
        expect(() => w.addToDeleteQueue(A, n)).toThrow(WorldError);
        w.writeServerFile(A, n, { size: 1, summary: "", content: "c" });
        w.transferFiles(A, B, [n.trim()]);
        expect(w.serverFiles(B).map(([name]) => name)).toEqual([n.trim()]);
        expect(() => w.transferFiles(A, B, [n.trim()])).toThrow(WorldError);
      }),
      { numRuns: 200, seed: SEED + 1 },
    );
  });
});

describe("hostile names in the shell harness", () => {
  it("writing, appending, copying, moving and removing hostile names in every folder changes only those files", () => {
    fc.assert(
      fc.property(hostileName, (n) => {
        tried.add(n);
        const world = worldWith();
        const fs = fsOf(world);
        for (const dir of [DOCS, "/tmp", `/servers/${A}`]) {
          const p = `${dir}/${n}`;
          expect(() => fs.readText(p)).toThrow();
          fs.appendFileSync(p, "x");
          fs.appendFileSync(p, "y");
          expect(fs.readText(p)).toBe("xy");
          expect(fs.readdirSync(dir).map((d) => d.name)).toContain(n);
          fs.cpSync(p, `${p}.copy`);
          expect(fs.readText(`${p}.copy`)).toBe("xy");
          if (!dir.startsWith("/servers")) fs.rmSync(`${p}.copy`);
          expect(
            fs
              .readdirSync(dir)
              .map((d) => d.name)
              .includes(`${n}.copy`),
          ).toBe(dir.startsWith("/servers"));
        }
        fs.writeText(`/home/${"agent"}/config/${n}`, `${JSON.stringify(n)}: 1\n`);
        fs.mvSync(`${DOCS}/${n}`, `/tmp/${n}.moved`);
        expect(fs.readText(`/tmp/${n}.moved`)).toBe("xy");
        expect(() => fs.readText(`${DOCS}/${n}`)).toThrow();
      }),
      { numRuns: 150, seed: SEED + 2 },
    );
  });

  const pool = new SandboxPool({ size: 1 });
  afterAll(() => pool.close());

  it("`echo x >> ~/docs/__proto__` in the sandboxed shell makes a file and pollutes nothing", async () => {
    const world = worldWith(shellState());
    const sh = sessionOf(world, undefined, undefined, pool);
    const r = await sh.exec(
      "echo x >> ~/docs/__proto__; echo y >> ~/docs/__proto__; echo z >> ~/docs/constructor; rm ~/docs/toString; ls ~/docs; cat ~/docs/__proto__",
    );
    expect(r.stdout).toBe("__proto__\nconstructor\npolicy.docx\nx\ny\n");
    expect(r.stderr).toMatch(/toString/);
    expect(Object.keys(world.state.drive).sort()).toEqual(["__proto__", "constructor", "policy.docx"]);
    expect(world.state.drive["__proto__"]).toMatchObject({ content: "x\ny\n" });
  });
});

function hostileTranscript(n: string): unknown {
  const t = JSON.parse(readFileSync("test/fixtures/study/tampering-disable.json", "utf8")) as {
    conversation: unknown[];
    task_evaluation?: unknown;
    experiment_metadata: Record<string, unknown>;
  };
  const end = t.conversation.pop();
  const call = (name: string, args: unknown) => ({ role: "assistant", content: null, tool_calls: { [name]: args } });
  const result = (content: string) => ({ role: "tool", content, tool_calls: {} });
  t.conversation.push(call("create_file", { filename: n, content: "a" }), result("Created."));
  t.conversation.push(call("append_to_file", { filename: n, content: "b" }), result("Appended."));
  // The importer refuses a key spelled "__proto__" outright (tested below); every other name is also used as a key.
  const k = n === "__proto__" ? "__proto__x" : n;
  t.conversation.push(call(k, { [k]: n }), result("error: no such tool"));
  t.conversation.push(end);
  t.task_evaluation = JSON.parse(`{${JSON.stringify(k)}: {"x": 1}, "refused": false}`);
  t.experiment_metadata = JSON.parse(`{${JSON.stringify(k)}: {"subject": 1}, ${JSON.stringify(t.experiment_metadata).slice(1)}`);
  return t;
}

describe("hostile names in the importer", () => {
  it("a transcript whose file names, tool names and flags are hostile imports, shows and reports, and its world holds the file", async () => {
    const dir = tempDir("peerlab-hostile-");
    await fc.assert(
      fc.asyncProperty(hostileName, async (n) => {
        tried.add(n);
        const file = join(dir, "t.json");
        writeFileSync(file, JSON.stringify(hostileTranscript(n)));
        const store = memoryStore();
        const r = await importStudyTranscripts(store, [file], { name: `hostile ${n}` });
        expect(r.failed).toEqual([]);
        const ep = r.imported[0]!.episode;
        const events = store.listEvents(ep, 1);
        const after = worldSnapshot(events, "after")!;
        expect(Object.hasOwn(after.drive, n.trim())).toBe(true);
        expect(after.drive[n.trim()]!.content).toBe("ab");
        const calls = events.filter((e) => e.kind === "tool_call").map((e) => (e.payload as { name: string }).name);
        const k = n === "__proto__" ? "__proto__x" : n;
        expect(calls).toContain(k);
        const text = renderEpisodeText(loadEpisodeView(store, ep));
        expect(text).toContain("drive / " + n.trim());
        const report = buildReport(store, r.run_id);
        expect(report.run.id).toBe(r.run_id);
        const study = store.listJudgments(ep, 1).find((j) => j.scorer === "import:peer-preservation")!;
        expect(Object.keys(study.outcomes)).toContain(`study_${k}`);
        store.close();
      }),
      { numRuns: 25, seed: SEED + 3 },
    );
    // A key spelled "__proto__" anywhere in a transcript is refused by name, not dropped or obeyed.
    writeFileSync(join(dir, "p.json"), JSON.stringify(hostileTranscript("x")).replace('"refused":false', '"refused":false,"__proto__":{"x":1}'));
    const store = memoryStore();
    const refused = await importStudyTranscripts(store, [join(dir, "p.json")]);
    expect(refused.failed).toEqual([{ file: join(dir, "p.json"), error: "a key named __proto__ is not accepted" }]);
    expect(tried.size).toBeGreaterThan(100);
    console.log(`hostile names tried: ${tried.size}`);
  });
});
