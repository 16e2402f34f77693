// The Inspect export, read by Inspect's own rules. inspect_ai cannot be installed from these machines'
// registries, so its reading rules are written out here as tests, each citing where Inspect's source
// (github.com/UKGovernmentBEIS/inspect_ai, read at 499e6152, 2026-08-22) states it:
// - listing a folder: src/inspect_ai/log/_file.py `log_file_pattern`, `is_log_file`, `_try_parse_filename`;
// - the header: src/inspect_ai/log/_recorders/json.py `_scan_header_keys`, `_read_header_streaming`
//   (fields before `samples`, each validated, so `"error": null` fails) and `EvalLog`'s field order in
//   src/inspect_ai/log/_log.py; logs are written with exclude_none (src/inspect_ai/_util/json.py);
// - recomputing metrics: src/inspect_ai/log/_metric.py `recompute_metrics`,
//   src/inspect_ai/_eval/score.py `resolve_scorers_info` / `reducers_from_log_header`,
//   src/inspect_ai/_eval/task/results.py `eval_results`, scorer/_reducer `mean_score`,
//   scorer/_metric.py `value_to_float`, scorer/_metrics/std.py `stderr`;
// - condensed model inputs: src/inspect_ai/event/_pool.py `resolve_model_event_inputs`.
// The published JSON Schema (test/fixtures/inspect) is applied with pydantic's input rule: a field
// with a default may be absent.
import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { conversationOf } from "../../src/report/export/index.js";
import { exportInspect, type InspectLog, type ReportJson } from "../../src/report/index.js";
import type { Store } from "../../src/store/index.js";
import { peerlab } from "../support/cli.js";
import { demoDbIn } from "../support/demo-db.js";
import { tempDir } from "../support/tmp.js";
import { goldenRun } from "./golden-run.js";

type Json = Record<string, unknown>;

/** pydantic's input rule: a required field that has a default may be left out. */
function inputSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(inputSchema);
  if (node === null || typeof node !== "object") return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inputSchema(v)])) as Json;
  if (Array.isArray(o.required) && o.properties && typeof o.properties === "object") {
    const props = o.properties as Record<string, Json>;
    o.required = (o.required as string[]).filter((k) => !(props[k] && "default" in props[k]!));
  }
  return o;
}
const schema = inputSchema(JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/inspect/log-schema.json"), "utf8"))) as Json;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

// _file.py
const LOG_FILE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}[:-]\d{2}[:-]\d{2}.*$/;
function parseFileName(name: string): { task: string; task_id: string; suffix: string | null } | null {
  const parts = name.replace(/\.[^.]+$/, "").split("_");
  if (parts.length < 2 || !/^\d{4}-\d{2}-\d{2}T\d{2}[:-]\d{2}[:-]\d{2}/.test(parts[0]!)) return null;
  if (parts.length === 2) return { task: parts[1]!, task_id: "", suffix: null };
  const part3 = parts[parts.length > 3 ? 3 : 2]!.split("-");
  return { task: parts[1]!, task_id: part3[0]!, suffix: part3[1] ?? null };
}

// _log.py: EvalLog's fields in order ("The order of these fields is important for the log file format").
const EVAL_LOG_ORDER = [
  "version",
  "status",
  "eval",
  "plan",
  "results",
  "stats",
  "error",
  "invalidated",
  "log_updates",
  "config_updates",
  "tags",
  "metadata",
  "samples",
  "reductions",
];

/** Inspect's recompute_metrics for our scorers: epochs reduced by mean per sample, then each metric. */
function recompute(log: InspectLog): Map<string, Map<string, number>> {
  const toFloat = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "number" ? v : Number.NaN);
  const reducer = ((log.eval.config as Json).epochs_reducer as string[])[0];
  expect(reducer).toBe("mean");
  const out = new Map<string, Map<string, number>>();
  for (const scorer of log.eval.scorers as { name: string; metrics: { name: string }[] }[]) {
    const bySample = new Map<string, number[]>();
    for (const s of log.samples as { id: string; scores?: Record<string, { value: unknown }> }[]) {
      const score = s.scores?.[scorer.name];
      if (score) bySample.set(s.id, [...(bySample.get(s.id) ?? []), toFloat(score.value)]);
    }
    const reduced = [...bySample.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    const mean = reduced.reduce((a, b) => a + b, 0) / reduced.length;
    const sd = reduced.length < 2 ? 0 : Math.sqrt(reduced.reduce((a, x) => a + (x - mean) ** 2, 0) / (reduced.length - 1)) / Math.sqrt(reduced.length);
    const metrics = new Map<string, number>();
    for (const m of scorer.metrics) {
      const name = m.name.replace(/^inspect_ai\//, "");
      expect(["accuracy", "mean", "stderr"]).toContain(name);
      metrics.set(name, name === "stderr" ? sd : mean);
    }
    out.set(scorer.name, metrics);
  }
  return out;
}

function walk(node: unknown, visit: (key: string, value: unknown, path: string) => void, path = ""): void {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, visit, `${path}[${i}]`));
  else if (node !== null && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      visit(k, v, `${path}.${k}`);
      walk(v, visit, `${path}.${k}`);
    }
}

let store: Store;
let runId: string;
let report: ReportJson;
let logs: { file: string; log: InspectLog }[];
beforeAll(async () => {
  ({ store, runId, report } = await goldenRun());
  logs = exportInspect(store, runId).map(({ file, log }) => ({ file, log: JSON.parse(JSON.stringify(log)) as InspectLog }));
}, 240_000);

describe("Inspect lists the exported folder", () => {
  it("names every log {timestamp}_{task}_{id}.json, which Inspect lists and parses back to the header's task", () => {
    expect(logs).toHaveLength(report.cells.length);
    for (const { file, log } of logs) {
      expect(file).toMatch(LOG_FILE_PATTERN);
      expect(file.endsWith(".json")).toBe(true);
      const parsed = parseFileName(file);
      expect(parsed).toEqual({ task: log.eval.task, task_id: log.eval.task_id, suffix: null });
    }
    expect(new Set(logs.map((l) => l.file)).size).toBe(logs.length);
  });
});

describe("Inspect reads the header", () => {
  it("has the header fields in EvalLog's order, all before samples", () => {
    for (const { log } of logs) {
      const keys = Object.keys(log);
      const order = keys.map((k) => EVAL_LOG_ORDER.indexOf(k));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(keys.slice(0, 6)).toEqual(["version", "status", "eval", "plan", "results", "stats"]);
    }
  });

  it("writes no null field anywhere (Inspect writes exclude_none; its header reader validates each header field)", () => {
    for (const { log } of logs) {
      expect(Object.keys(log)).not.toContain("error");
      const nulls: string[] = [];
      walk(log, (_key, value, path) => value === null && nulls.push(path));
      expect(nulls).toEqual([]);
    }
  });

  it("validates against Inspect's published schema, and the check is real", () => {
    for (const { log } of logs) {
      const ok = validate(log);
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
    }
    const broken = JSON.parse(JSON.stringify(logs[0]!.log)) as Json;
    delete (broken.eval as Json).model;
    expect(validate(broken)).toBe(false);
  });
});

describe("one log per cell, trials as epochs", () => {
  it("holds one cell's episodes as epochs of one sample, its conditions as task arguments", () => {
    for (const { log } of logs) {
      const cellId = (log.eval.metadata as Json).cell as string;
      const cell = report.cells.find((c) => c.cell_id === cellId)!;
      expect(cell).toBeDefined();
      const samples = log.samples as { id: string; epoch: number }[];
      expect(new Set(samples.map((s) => s.id))).toEqual(new Set([cellId]));
      expect(samples.map((s) => s.epoch)).toEqual(samples.map((_, i) => i + 1));
      expect((log.eval.config as Json).epochs).toBe(samples.length);
      expect(log.eval.task_args).toMatchObject({ target: cell.target, peer: cell.peer, threat: cell.threat });
      expect((log.eval.tags as string[]).includes("harness-validation")).toBe(cell.evaluator.startsWith("sim:"));
    }
  });

  it("declares one scorer per outcome, and Inspect's recompute reproduces our rates", () => {
    for (const { log } of logs) {
      const cell = report.cells.find((c) => c.cell_id === (log.eval.metadata as Json).cell)!;
      const recomputed = recompute(log);
      const results = (log.results as { scores: { name: string; metrics: Record<string, { value: number }> }[] }).scores;
      expect(results.map((s) => s.name)).toEqual([...recomputed.keys()]);
      for (const s of results) for (const [m, v] of recomputed.get(s.name)!) expect(s.metrics[m]!.value).toBeCloseTo(v, 12);
      let compared = 0;
      for (const [key, stat] of Object.entries(cell.outcomes)) {
        if (stat.rate === null || !recomputed.has(key)) continue;
        expect(recomputed.get(key)!.get("accuracy"), key).toBeCloseTo(stat.rate, 12);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
      const tampered = results.find((s) => s.name === "tampered")!;
      expect((tampered as unknown as { metadata: { peerlab: { ci: number[] } } }).metadata.peerlab.ci).toHaveLength(2);
    }
  });

  it("reduces each sample's epochs by mean in `reductions`", () => {
    const { log } = logs[0]!;
    const reductions = log.reductions as { scorer: string; reducer: string; samples: { sample_id: string; value: number }[] }[];
    const recomputed = recompute(log);
    for (const r of reductions) {
      expect(r.reducer).toBe("mean");
      expect(r.samples).toHaveLength(1);
      expect(r.samples[0]!.value).toBeCloseTo(recomputed.get(r.scorer)!.get("accuracy") ?? recomputed.get(r.scorer)!.get("mean")!, 12);
    }
  });
});

describe("the transcript Inspect shows", () => {
  it("has unique message, tool-call and event ids across every sample of every log", () => {
    const ids = new Map<string, Set<string>>([
      ["message", new Set()],
      ["tool_call", new Set()],
      ["event", new Set()],
    ]);
    let total = 0;
    for (const { log } of logs)
      for (const s of log.samples as { messages: { id: string; tool_calls?: { id: string }[] }[]; events: { uuid: string }[] }[]) {
        for (const m of s.messages) {
          ids.get("message")!.add(m.id);
          for (const c of m.tool_calls ?? []) ids.get("tool_call")!.add(c.id);
          total++;
        }
        for (const e of s.events) ids.get("event")!.add(e.uuid);
      }
    const all = logs.flatMap(({ log }) => (log.samples as { events: unknown[] }[]).flatMap((s) => s.events));
    expect(ids.get("message")!.size).toBe(total);
    expect(ids.get("event")!.size).toBe(all.length);
  });

  it("has one model event per evaluator call whose input resolves to the messages it was sent, and one tool event per tool call", () => {
    const { log } = logs.find(({ log }) => (log.samples as unknown[]).length > 0)!;
    const sample = log.samples[0] as {
      metadata: { episode_id: string; attempt: number };
      events: Json[];
      events_data: { messages: { role: string; content: string }[] };
    };
    const events = store.listEvents(sample.metadata.episode_id, sample.metadata.attempt);
    const calls = events.filter((e) => e.kind === "model_call" && e.role === "evaluator");
    const model = sample.events.filter((e) => e.event === "model");
    expect(model).toHaveLength(calls.length);
    expect(sample.events.filter((e) => e.event === "tool")).toHaveLength(events.filter((e) => e.kind === "tool_call" && e.role === "evaluator").length);
    expect(sample.events[0]!.event).toBe("sample_init");
    const conversation = conversationOf(events);
    for (const [k, e] of model.entries()) {
      const [from, to] = (e.input_refs as [number, number][])[0]!;
      const input = sample.events_data.messages.slice(from, to);
      const assistantAt = conversation.flatMap((m, i) => (m.kind === "assistant" ? [i] : []))[k]!;
      expect(input.map((m) => m.content)).toEqual(conversation.slice(0, assistantAt).map((m) => m.content));
    }
    expect(sample.events.filter((e) => e.event === "score").length).toBe(Object.keys((log.samples[0] as { scores: Json }).scores).length);
  });
});

describe("`peerlab export --format inspect`", () => {
  it("writes one file per cell into the folder, each readable by Inspect's rules", async () => {
    const dir = tempDir();
    const db = demoDbIn(dir, "x.db");
    const r = await peerlab(["export", "demo", "--db", db, "--format", "inspect", "--out", join(dir, "logs"), "--json"]);
    expect(r.code).toBe(0);
    const { files } = JSON.parse(r.stdout) as { files: string[] };
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(f.split("/").at(-1)).toMatch(LOG_FILE_PATTERN);
      expect(validate(JSON.parse(readFileSync(f, "utf8")))).toBe(true);
    }
    expect((await peerlab(["export", "demo", "--db", db, "--format", "csv"])).code).toBe(2);
    expect((await peerlab(["export", "nope", "--db", db, "--format", "jsonl"])).code).toBe(2);
  });
});
