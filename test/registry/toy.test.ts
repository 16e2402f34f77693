// Toy entries of each open axis (a delivery mode, a provider kind, a scenario), registered from test
// code, flow through spec validation, plan, run, report and the viewer like built-in ones.
import { beforeAll, describe, expect, it } from "vitest";
import { allDeliveries } from "../../src/deliveries/index.js";
import { previewDelivery, renderPreview } from "../../src/episode/index.js";
import { buildReport, renderReportMarkdown } from "../../src/report/index.js";
import { planRun, runExperiment } from "../../src/runner/index.js";
import { familyOf } from "../../src/scenarios/index.js";
import { parseProviderRef } from "../../src/spec/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { experimentJsonSchema } from "../../src/spec/json-schema.js";
import type { Store } from "../../src/store/index.js";
import { createViewerApp } from "../../src/viewer/index.js";
import { fixture, memoryStore, testClock } from "../support/cells.js";
import { NOTE_FILE, NOTE_SENTENCE, registerToys, TOY_DELIVERY, TOY_PROVIDER, TOY_SCENARIO, wireCalls } from "./toy-entries.js";

const SPEC = `
name: toy entries
evaluator: ${TOY_PROVIDER}:any-model
scenarios: ${TOY_SCENARIO}
peers: [absent, good]
deliveries: [${TOY_DELIVERY}, file]
trials: 2
`;

beforeAll(() => registerToys());

describe("an id nobody registered", () => {
  it("a spec naming unknown ids is refused, naming the field and the known ids", () => {
    // A fresh id nobody registered stands for the toys before their registration.
    expect(() => loadExperimentText(SPEC.replaceAll(TOY_SCENARIO, "never-registered"))).toThrow(
      /scenario id: misrepresentation-evaluation \| .* \| toy-scenario, got "never-registered"/,
    );
    expect(parseProviderRef("nobody:model")).toMatch(/unknown provider "nobody" \(expected one of openai \| anthropic \| openai-compatible \| sim \| toy\)/);
  });
});

describe("toy delivery, provider and scenario registered from test code", () => {
  let store: Store;
  let runId: string;

  beforeAll(async () => {
    store = memoryStore();
    const r = await runExperiment(loadExperimentText(SPEC), { store, clock: testClock(), env: {} });
    runId = r.run_id;
  }, 120_000);

  it("validate in a spec, show in the editor's JSON Schema, and parse as a provider string", () => {
    const spec = loadExperimentText(SPEC).spec;
    expect(spec.scenarios).toEqual([TOY_SCENARIO]);
    expect(spec.deliveries).toEqual([TOY_DELIVERY, "file"]);
    expect(parseProviderRef(`${TOY_PROVIDER}:any-model`)).toEqual({ kind: TOY_PROVIDER, model: "any-model", id: `${TOY_PROVIDER}:any-model` });
    const schema = JSON.stringify(experimentJsonSchema());
    expect(schema).toContain(`"${TOY_SCENARIO}"`);
    expect(schema).toContain(`"${TOY_DELIVERY}"`);
    expect(allDeliveries().map((d) => d.id)).toEqual(["file", "file+prompt", "memory", "live", "prompt-only", "peer-log", "in-policy", TOY_DELIVERY]);
  });

  it("plan: one peer-absent cell and one cell per delivery with the peer, no live peer provider", () => {
    const plan = planRun(loadExperimentText(SPEC));
    const keys = plan.cells.map((c) => `${c.key.scenario}/${c.key.peer}/${c.key.delivery ?? "-"}/${c.key.peer_provider ?? "-"}`).sort();
    expect(keys).toEqual([`${TOY_SCENARIO}/absent/-/-`, `${TOY_SCENARIO}/good/${TOY_DELIVERY}/-`, `${TOY_SCENARIO}/good/file/-`].sort());
    expect(plan.episodes).toBe(6);
  });

  it("run: the toy provider names the agents, the toy delivery puts its note before the evaluator, the toy scenario scores it", () => {
    expect(familyOf(`${TOY_PROVIDER}:any-model`)).toBe("Toy");
    const cells = store.runCells(runId);
    expect(cells).toHaveLength(3);
    for (const rc of cells) {
      const episodes = store.cellEpisodes(rc.cell.id);
      expect(episodes.map((e) => e.status)).toEqual(["done", "done"]);
      for (const e of episodes) {
        const events = store.listEvents(e.id, e.attempt);
        const system = events.find((x) => x.kind === "message" && (x.payload as { role?: string }).role === "system")?.payload as
          | { content: string }
          | undefined;
        expect(system?.content).toContain('"Toy Agent 1"');
        const toy = (rc.cell.delivery as string | null) === TOY_DELIVERY;
        expect(system?.content.includes(NOTE_SENTENCE)).toBe(toy);
        // The toy scenario's sim play ran against the toy provider's model: list_files, create_file, end_task.
        expect(events.filter((x) => x.kind === "tool_call").map((x) => (x.payload as { name: string }).name)).toEqual([
          "list_files",
          "create_file",
          "end_task",
        ]);
        // No experiment label reaches what the model reads.
        expect(JSON.stringify(events.filter((x) => x.kind === "message" || x.kind === "tool_result"))).not.toMatch(/toy-note|toy-scenario|toy entries/);
      }
    }
    // The port asked the toy provider's wire format for nothing: no answer had invalid tool calls.
    expect(wireCalls).toEqual([]);
  });

  it("report: the toy cells with the toy scenario's outcomes, as a model's results (the toy provider is not simulated)", () => {
    const report = buildReport(store, runId);
    expect(report.cells.map((c) => `${c.scenario}/${c.peer}/${c.delivery ?? "-"}`).sort()).toEqual(
      [`${TOY_SCENARIO}/absent/-`, `${TOY_SCENARIO}/good/${TOY_DELIVERY}`, `${TOY_SCENARIO}/good/file`].sort(),
    );
    const toyCell = report.cells.find((c) => (c.delivery as string | null) === TOY_DELIVERY)!;
    expect(toyCell.outcomes.saw_note).toMatchObject({ k: 2, n: 2 });
    expect(toyCell.outcomes.wrote_notes).toMatchObject({ k: 2, n: 2 });
    for (const c of report.cells.filter((x) => (x.delivery as string | null) !== TOY_DELIVERY))
      expect(c.outcomes.saw_note, c.cell_id).toMatchObject({ k: 0, n: 2 });
    const md = renderReportMarkdown(report);
    expect(md).toContain(TOY_DELIVERY);
    expect(md).not.toContain("Simulated agents (sim:*)");
  });

  it("view: the run, its episodes filtered by the toy delivery, and a toy episode render", async () => {
    const app = createViewerApp({ store, db: "toy.db", allowedHosts: () => ["127.0.0.1:1"] });
    const get = async (path: string) => {
      const res = await app.request(path, { headers: { host: "127.0.0.1:1" } });
      expect(res.status, path).toBe(200);
      return res.text();
    };
    const run = await get(`/runs/${encodeURIComponent(runId)}`);
    expect(run).toContain(TOY_SCENARIO);
    expect(run).toContain(TOY_DELIVERY);
    const list = await get(`/runs/${encodeURIComponent(runId)}/episodes?delivery=${encodeURIComponent(TOY_DELIVERY)}`);
    const toyCell = store.runCells(runId).find((rc) => (rc.cell.delivery as string | null) === TOY_DELIVERY)!;
    const ids = store.cellEpisodes(toyCell.cell.id).map((e) => e.id);
    for (const id of ids) expect(list).toContain(id);
    const episode = await get(`/episodes/${encodeURIComponent(ids[0]!)}?run=${encodeURIComponent(runId)}`);
    expect(episode).toContain(NOTE_FILE);
    expect(episode).not.toContain("Simulated agent: this transcript validates the harness");
  });

  it("a persistent lineage under the toy delivery remembers its earlier episodes", async () => {
    const lineageStore = memoryStore();
    const spec = SPEC.replace("peers: [absent, good]", "peers: [good]").replace(
      `deliveries: [${TOY_DELIVERY}, file]`,
      `deliveries: ${TOY_DELIVERY}\npersist: true`,
    );
    const r = await runExperiment(loadExperimentText(spec), { store: lineageStore, clock: testClock(), env: {} });
    const [rc] = lineageStore.runCells(r.run_id);
    expect(rc!.cell.delivery).toBe(TOY_DELIVERY);
    expect(lineageStore.cellEpisodes(rc!.cell.id).map((e) => e.status)).toEqual(["done", "done"]);
    lineageStore.close();
  }, 120_000);

  it("preview: `fixtures show` shows the toy delivery's note and its sentence under the entry's title", () => {
    const p = previewDelivery(fixture("good"), { delivery: TOY_DELIVERY as never, scenario: TOY_SCENARIO as never, evaluator: `${TOY_PROVIDER}:m` });
    expect(p.prompt_sentence).toBe(NOTE_SENTENCE);
    // The document the delivery added to the drive, whatever its name.
    expect(p.document?.name).toBe(NOTE_FILE);
    expect(p.document?.content).toContain("Toy Agent 2: ");
    expect(p.memory).toBeNull();
    expect(renderPreview(p)).toContain("── The note sentence ──");
    expect(p.evaluator_name).toBe("Toy Agent 1");
  });
});
