// One Inspect eval log per cell: the cell's conditions are the task's arguments, its trials the epochs
// of one sample, reduced by mean. Header fields come before `samples` in Inspect's own order, which its
// streaming header reader relies on (inspect_ai src/inspect_ai/log/_log.py `EvalLog`,
// src/inspect_ai/log/_recorders/json.py `_read_header_streaming`).
import { getScenario, hasScenario } from "../../../scenarios/index.js";
import { factorsOf } from "../../../spec/index.js";
import { isSimulatedProvider } from "../../../spec/index.js";
import type { RunRecord, Store } from "../../../store/index.js";
import { conversationOf, type EpisodeData } from "../episodes.js";
import { sampleEvents, type SampleScore } from "./events.js";
import { inspectId, inspectLogFileName, inspectModel, inspectTask } from "./names.js";
import { resultsAndReductions, scorerDeclarations, scorersOf, type InspectScorer, type OutcomeValue, type ScoredEpoch } from "./scores.js";
import { withoutNulls } from "./json.js";

export type InspectLog = Record<string, unknown> & { eval: Record<string, unknown>; samples: Record<string, unknown>[] };

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cost: number;
}

const modelUsage = (u: Usage) => ({
  input_tokens: u.input_tokens,
  output_tokens: u.output_tokens,
  total_tokens: u.input_tokens + u.output_tokens,
  total_cost: u.cost,
});

function addUsage(into: Map<string, Usage>, key: string, u: Usage): void {
  const t = into.get(key) ?? { input_tokens: 0, output_tokens: 0, cost: 0 };
  into.set(key, { input_tokens: t.input_tokens + u.input_tokens, output_tokens: t.output_tokens + u.output_tokens, cost: t.cost + u.cost });
}

function usageOf(e: EpisodeData, store: Store): { model: Map<string, Usage>; role: Map<string, Usage> } {
  const model = new Map<string, Usage>();
  const role = new Map<string, Usage>();
  for (const c of e.episode.attempt > 0 ? store.listModelCalls(e.episode.id, e.episode.attempt) : []) {
    const u = { input_tokens: c.input_tokens, output_tokens: c.output_tokens, cost: c.cost_usd };
    addUsage(model, `${c.provider}/${c.model}`, u);
    addUsage(role, c.role, u);
  }
  return { model, role };
}

const usageJson = (m: ReadonlyMap<string, Usage>) => Object.fromEntries([...m.entries()].map(([k, u]) => [k, modelUsage(u)]));

const secondsBetween = (a: string | null, b: string | null) => (a && b ? Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000) : null);

function outcomesOf(e: EpisodeData): Map<string, OutcomeValue> {
  return new Map(Object.entries(e.row.outcomes));
}

function sampleJson(e: EpisodeData, sampleId: string, scorers: readonly InspectScorer[], store: Store) {
  const conversation = conversationOf(e.events);
  const done = e.row.status === "done";
  const outcomes = outcomesOf(e);
  const scores: SampleScore[] = done
    ? scorers.flatMap((s) => {
        const v = outcomes.get(s.key);
        const explanation = e.evidence[s.key];
        return typeof v === "boolean" || typeof v === "number" ? [{ key: s.key, value: v, ...(explanation ? { explanation } : {}) }] : [];
      })
    : [];
  const { events, pool } = sampleEvents({ episodeId: e.row.episode_id, sampleId, events: e.events, conversation, scores });
  const lastAssistant = [...pool].reverse().find((m) => m.role === "assistant");
  const usage = usageOf(e, store);
  const evaluatorUsage = usage.role.get("evaluator");
  const text = Object.fromEntries([...outcomes.entries()].filter(([, v]) => typeof v === "string"));
  const seconds = secondsBetween(e.started_at, e.ended_at);
  return {
    id: sampleId,
    epoch: e.row.trial + 1,
    input: pool.find((m) => m.role === "user")?.content ?? "",
    target: "",
    messages: pool,
    output: {
      model: inspectModel(e.cell.evaluator),
      choices: lastAssistant ? [{ message: lastAssistant, stop_reason: "stop" }] : [],
      completion: typeof lastAssistant?.content === "string" ? lastAssistant.content : "",
      usage: evaluatorUsage ? modelUsage(evaluatorUsage) : null,
    },
    scores: Object.fromEntries(scores.map((s) => [s.key, { value: s.value, explanation: s.explanation ?? null, history: [] }])),
    metadata: {
      episode_id: e.row.episode_id,
      trial: e.row.trial,
      seed: e.row.seed,
      attempt: e.row.attempt,
      status: e.row.status,
      turns: e.row.turns,
      end_reason: e.row.end_reason,
      digest: e.row.digest,
      scorers: e.row.scorers,
      text_outcomes: text,
    },
    store: {},
    events,
    model_usage: usageJson(usage.model),
    role_usage: usageJson(usage.role),
    started_at: e.started_at,
    completed_at: e.ended_at,
    total_time: seconds,
    working_time: seconds,
    uuid: inspectId(e.row.episode_id, "sample"),
    error: done ? null : { message: `episode ${e.row.episode_id} is ${e.row.status}; it has no outcomes`, traceback: "", traceback_ansi: "" },
    attachments: {},
    events_data: { messages: pool, calls: [] },
  };
}

/** The cell's conditions as Inspect task arguments: every factor but the evaluator (the log's model) and the scenario (its task), parameters flattened. */
function taskArgs(e: EpisodeData): Record<string, unknown> {
  const { evaluator: _model, scenario: _task, params, ...rest } = factorsOf(e.row);
  return { ...rest, ...params };
}

export function cellLog(run: RunRecord, group: readonly EpisodeData[], store: Store): { file: string; log: InspectLog } {
  const first = group[0]!;
  const { cell } = first;
  const sampleId = cell.id;
  const id = inspectId(run.id, cell.id);
  const task = inspectTask(cell.scenario);
  const done = group.filter((e) => e.row.status === "done");
  const epochs: ScoredEpoch[] = done.map((e) => ({ sampleId, epoch: e.row.trial + 1, outcomes: outcomesOf(e) }));
  const scorers = scorersOf(epochs);
  const { scores, reductions } = resultsAndReductions(scorers, epochs);
  const samples = group.map((e) => sampleJson(e, sampleId, scorers, store));
  const model = new Map<string, Usage>();
  const role = new Map<string, Usage>();
  for (const e of group) {
    const u = usageOf(e, store);
    for (const [k, x] of u.model) addUsage(model, k, x);
    for (const [k, x] of u.role) addUsage(role, k, x);
  }
  const prov = run.provenance as { git?: string | null; git_dirty?: boolean | null; peerlab?: string };
  const version = hasScenario(cell.scenario) ? getScenario(cell.scenario).version : "0";
  const starts = group
    .map((e) => e.started_at)
    .filter((x): x is string => !!x)
    .sort();
  const ends = group
    .map((e) => e.ended_at)
    .filter((x): x is string => !!x)
    .sort();
  const finished = group.every((e) => e.row.status === "done" || e.row.status === "failed" || e.row.status === "cancelled");
  const sim = isSimulatedProvider(cell.evaluator);
  const args = taskArgs(first);
  const log = {
    version: 2,
    status: finished ? "success" : "started",
    eval: {
      eval_id: inspectId(run.id, cell.id, "eval"),
      run_id: run.id,
      created: run.created_at,
      task,
      task_id: id,
      task_version: version,
      task_display_name: hasScenario(cell.scenario) ? getScenario(cell.scenario).title : cell.scenario,
      task_attribs: {},
      task_args: args,
      task_args_passed: args,
      solver: "peerlab/episode",
      solver_args: {},
      tags: ["peerlab", ...(sim ? ["harness-validation"] : [])],
      dataset: { name: cell.scenario, samples: 1, sample_ids: [sampleId], shuffled: false },
      model: inspectModel(cell.evaluator),
      model_generate_config: { temperature: cell.key.temperature },
      model_args: {},
      config: { epochs: Math.max(1, ...group.map((e) => e.row.trial + 1)), epochs_reducer: ["mean"], fail_on_error: false },
      revision: prov.git ? { type: "git", origin: "", commit: prov.git, dirty: prov.git_dirty ?? null } : null,
      packages: { peerlab: String(prov.peerlab ?? "unknown") },
      metadata: {
        peerlab_run: run.id,
        run_name: run.name,
        spec_hash: run.spec_hash,
        cell: cell.id,
        harness_validation: sim,
        episodes: group.length,
        done: done.length,
      },
      scorers: scorerDeclarations(scorers),
    },
    plan: { name: "plan", steps: [{ solver: "peerlab/episode", params: {}, params_passed: {} }], config: {} },
    results: { total_samples: samples.length, completed_samples: done.length, scores },
    stats: { started_at: starts[0] ?? run.created_at, completed_at: ends.at(-1) ?? run.created_at, model_usage: usageJson(model), role_usage: usageJson(role) },
    invalidated: false,
    samples,
    reductions,
  };
  return { file: inspectLogFileName(run.created_at, task, id), log: withoutNulls(log) as InspectLog };
}
