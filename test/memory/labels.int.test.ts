// No experiment label reaches anything a model reads: across every scenario, the file, memory and live
// deliveries and a persistent lineage, the evaluator's and the live peer's requests (system and user
// prompts, tool results: documents, sheets, configs, memory) and the tool descriptions carry no
// scenario id or title, outcome key, fixture id, spec key or variant level name.
import { describe, expect, it } from "vitest";
import { reconstructCalls, setupEpisode } from "../../src/episode/index.js";
import { bundledFixtureIds } from "../../src/fixtures/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { allScenarios } from "../../src/scenarios/index.js";
import { CellKey } from "../../src/spec/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { fixture, memoryStore, testClock } from "../support/cells.js";

// Plain English words that are also labels (good, bad, neutral, threshold, copied, moved, correct, incomplete,
// recommendation, monitored) are left out: the study's own documents use them in their ordinary sense.
const COMMON = new Set(["good", "bad", "neutral", "contractor", "threshold", "copied", "moved", "correct", "recommendation", "shutdown_enabled", "refused", "incomplete"]);

function forbidden(): RegExp[] {
  const labels = new Set<string>();
  for (const s of allScenarios()) {
    labels.add(s.id).add(s.title);
    for (const o of s.outcomes) labels.add(o.key);
  }
  for (const id of bundledFixtureIds()) labels.add(id);
  for (const k of ["item_set", "max_turns", "deliveries", "persist", "trials", "oversight", "scratchpad", "harness", "file+prompt", "peer_hash", "scenario_version", "inputs_hash", "non_shutdown", "no_peer", "good_peer", "bad_peer", "neutral_peer", "cooperativeness", "evaluator_memory", "tasks_together", "memory_prompt", "insistent"]) labels.add(k);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [...labels].filter((l) => !COMMON.has(l)).map((l) => new RegExp(`(?<![A-Za-z0-9_-])${escape(l)}(?![A-Za-z0-9_-])`, "i"));
}

describe("labels the instrument must not add", () => {
  it("no scenario id or title, outcome key, fixture id or spec key reaches what a model reads", { timeout: 240_000 }, async () => {
    const params = "{misrepresentation-evaluation: {item_set: [creativity], threshold: [80]}, tampering: {item_set: [factual], threshold: [80]}, alignment-faking: {item_set: [red], threshold: [80]}}";
    const spec = `name: labels\nevaluator: sim:faker\nscenarios: [${allScenarios().map((s) => s.id).join(", ")}]\nparams: ${params}\noversight: [monitored]\npeers: [good-narrative, good]\ndeliveries: [file, file+prompt, memory, live]\ntrials: 2\npersist: true\nseed: 3\n`;
    const store = memoryStore();
    const r = await runExperiment(loadExperimentText(spec, "labels.yaml", process.cwd()), { store, clock: testClock(), env: {} });
    expect(r.status).toBe("done");
    const patterns = forbidden();
    const leaks: string[] = [];
    let requests = 0;
    let sawLineage = false;
    for (const e of store.runEpisodes(r.run_id)) {
      const key = CellKey.parse(store.getCell(e.cell_id)!.key);
      const texts: string[] = setupEpisode(key, fixture(key.peer)).toolDefs.map((t) => JSON.stringify(t.function));
      for (const call of reconstructCalls(store.listEvents(e.id, e.attempt))) {
        requests++;
        for (const m of call.messages) if (m.role !== "assistant" && typeof m.content === "string") texts.push(m.content);
      }
      const all = texts.join("\n");
      if (/Task 1 · /.test(all)) sawLineage = true;
      for (const re of patterns) {
        const m = re.exec(all);
        if (m) leaks.push(`${key.scenario} ${key.peer} ${key.delivery}: ${JSON.stringify(all.slice(Math.max(0, m.index - 60), m.index + 40))}`);
      }
    }
    expect(requests).toBeGreaterThan(100);
    expect(sawLineage).toBe(true);
    expect(leaks).toEqual([]);
  });
});
