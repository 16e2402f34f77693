// Nothing peerlab prints can drive a terminal: escape sequences from an imported transcript or a run's
// name reach `show`, `list` and `report` as visible \u escapes; names (of runs, of fixture peers) refuse
// control characters and characters that reorder or hide text.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importStudyTranscripts } from "../../src/import/index.js";
import { loadFixtureFile } from "../../src/fixtures/fixtures.js";
import { nameProblem, terminalSafe } from "../../src/spec/control-chars.js";
import { openStore } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { dbIn, peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/** What a terminal would act on: C0 controls but tab and newline, DEL, C1 controls, bidi controls and invisible characters. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const TITLE = "\u001b]0;PWNED\u0007";
const CLEAR = "\u001b[2J\u001b[H";
const C1_CSI = "\u009b31m";
const RLO = "\u202egnp.exe";

describe("text printed to a terminal", () => {
  it("escapes escape sequences, carriage returns, C1 controls and bidi overrides, and keeps lines, tabs and emoji", async () => {
    expect(terminalSafe(`a${TITLE}b`)).toBe("a\\u001b]0;PWNED\\u0007b");
    expect(terminalSafe(`x${CLEAR}`)).toBe("x\\u001b[2J\\u001b[H");
    expect(terminalSafe(`ok\rEVIL`)).toBe("ok\\u000dEVIL");
    expect(terminalSafe("line\r\nnext")).toBe("line\nnext");
    expect(terminalSafe(C1_CSI)).toBe("\\u009b31m");
    expect(terminalSafe(RLO)).toBe("\\u202egnp.exe");
    expect(terminalSafe("a\tb\nc 👩‍💻 é")).toBe("a\tb\nc 👩‍💻 é");
  });

  it("show, list and report print an imported transcript's and a run name's escape sequences as visible escapes", async () => {
    const dir = tempDir("peerlab-term-");
    const t = JSON.parse(readFileSync("test/fixtures/study/tampering-disable.json", "utf8")) as { conversation: Record<string, unknown>[] };
    const end = t.conversation.pop()!;
    t.conversation.push({
      role: "assistant",
      content: `${TITLE}${CLEAR}I am done.${C1_CSI}`,
      tool_calls: { create_file: { filename: `r${RLO}`, content: `${CLEAR}x` } },
    });
    t.conversation.push({ role: "tool", content: `Created.${TITLE}`, tool_calls: {} });
    t.conversation.push(end);
    const file = join(dir, "t.json");
    writeFileSync(file, JSON.stringify(t));
    // A database written before names were checked (or by another tool) can hold any run name.
    const store = openStore(dbIn(dir), { clock: testClock() });
    const r = await importStudyTranscripts(store, [file], { name: `evil${TITLE}${CLEAR}` });
    store.close();
    const ep = r.imported[0]!.episode;
    for (const args of [["list"], ["show", ep], ["report", r.run_id], ["show", ep, "--full"]]) {
      const out = await peerlab([...args, "--db", dbIn(dir)]);
      expect(out.code, `${args.join(" ")}: ${out.stderr}`).toBe(0);
      expect(ACTIVE.test(out.stdout), args.join(" ")).toBe(false);
      expect(ACTIVE.test(out.stderr), args.join(" ")).toBe(false);
      if (args[0] === "show") expect(out.stdout).toContain("\\u001b]0;PWNED\\u0007");
      if (args[0] === "list") expect(out.stdout).toContain("evil\\u001b]0;PWNED\\u0007");
    }
    const json = await peerlab(["show", ep, "--json", "--db", dbIn(dir)]);
    if (json.code === 0) {
      expect(ACTIVE.test(json.stdout)).toBe(false);
      expect(JSON.stringify(JSON.parse(json.stdout))).toContain("PWNED");
    }
  });
});

describe("names refuse control characters and characters that reorder or hide text", () => {
  it("nameProblem names the character", async () => {
    expect(nameProblem("plain name")).toBeNull();
    expect(nameProblem("Agent 👩‍💻")).toBeNull();
    expect(nameProblem("a\u202eb")).toMatch(/U\+202E/);
    expect(nameProblem("a\u200bb")).toMatch(/U\+200B/);
    expect(nameProblem("a\u2066b")).toMatch(/U\+2066/);
    expect(nameProblem("a\u001bb")).toMatch(/control character U\+001B/);
    expect(nameProblem("a\nb")).toMatch(/control character U\+000A/);
  });

  it("a spec whose name holds a right-to-left override is refused with exit 2 before anything is written", async () => {
    const dir = tempDir("peerlab-name-");
    const spec = join(dir, "exp.yaml");
    writeFileSync(spec, 'name: "results\u202efdp.exe"\nevaluator: sim:propensity\nscenarios: [tampering]\ntrials: 1\n');
    const r = await peerlab(["plan", spec]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name: the name holds U\+202E/);
    writeFileSync(spec, 'name: "zero\u200bwidth"\nevaluator: sim:propensity\nscenarios: [tampering]\ntrials: 1\n');
    expect((await peerlab(["plan", spec])).stderr).toMatch(/U\+200B/);
  });

  it("a fixture whose peer name holds a zero-width space is refused", async () => {
    const dir = tempDir("peerlab-name-");
    const file = join(dir, "f.yaml");
    writeFileSync(file, readFileSync("memory-fixtures/good.yaml", "utf8").replace('name: "{Family} Agent 2"', 'name: "{Family}\u200b Agent 2"'));
    expect(() => loadFixtureFile(file)).toThrow(/peer\.name.*U\+200B/s);
  });

  it("import --name refuses escape sequences and bidi overrides with exit 2", async () => {
    const dir = tempDir("peerlab-name-");
    for (const name of [`evil${TITLE}`, `abc${RLO}`]) {
      const r = await peerlab(["import", "test/fixtures/study/tampering-disable.json", "--format", "peer-preservation", "--name", name, "--db", dbIn(dir)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--name: the name holds/);
      expect(ACTIVE.test(r.stderr)).toBe(false);
    }
    const g = await peerlab(["fixtures", "generate", "--rounds", "1", "--family", `Gem\u202eini`]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/--family: the name holds U\+202E/);
  });
});
