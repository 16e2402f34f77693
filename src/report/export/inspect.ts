// `peerlab export --format inspect`: Inspect eval logs (log format version 2), one per model ×
// scenario, so Inspect's viewer and analysis tools open peerlab runs. Each episode is a sample: the
// cell is the sample id and the trial its epoch; outcomes are one score whose value maps outcome keys
// to values. Every field Inspect's published log schema requires is written (test/fixtures/inspect/).
import { getScenario, hasScenario } from "../../scenarios/registry.js";
import type { RunRecord, Store } from "../../store/index.js";
import { resolveRun } from "../collect.js";
import { conversationOf, episodeData, type ChatMessage, type EpisodeData } from "./episodes.js";
import { getOwn, nullRecord } from "../../util/safe-record.js";

export type InspectLog = Record<string, unknown> & { eval: Record<string, unknown>; samples: Record<string, unknown>[] };

const GENERATE_KEYS = ["max_retries", "timeout", "attempt_timeout", "max_connections", "system_message", "max_tokens", "top_p", "temperature", "stop_seqs", "best_of", "frequency_penalty", "presence_penalty", "logit_bias", "seed", "top_k", "num_choices", "logprobs", "top_logprobs", "parallel_tool_calls", "internal_tools", "max_tool_output", "cache_prompt", "verbosity", "effort", "reasoning_effort", "reasoning_tokens", "reasoning_summary", "reasoning_history", "response_schema", "extra_headers", "extra_body", "modalities", "cache", "batch"] as const;
const CONFIG_KEYS = ["limit", "sample_id", "sample_shuffle", "epochs", "epochs_reducer", "approval", "fail_on_error", "continue_on_fail", "retry_on_error", "message_limit", "token_limit", "time_limit", "working_limit", "cost_limit", "max_samples", "max_dataset_memory", "max_tasks", "max_subprocesses", "max_sandboxes", "sandbox_cleanup", "log_samples", "log_realtime", "log_images", "log_model_api", "log_buffer", "log_shared", "score_display"] as const;

const nulls = (keys: readonly string[], set: Record<string, unknown> = {}) => Object.fromEntries(keys.map((k) => [k, k in set ? set[k] : null]));

/** Inspect names models provider/model. */
export const inspectModel = (provider: string) => provider.replace(":", "/");

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cost: number;
}

function modelUsage(u: Usage) {
  return { input_tokens: u.input_tokens, output_tokens: u.output_tokens, total_tokens: u.input_tokens + u.output_tokens, input_tokens_cache_write: null, input_tokens_cache_read: null, reasoning_tokens: null, total_cost: u.cost };
}

function messageJson(m: ChatMessage) {
  const base = { id: m.id, content: m.content, source: m.kind === "assistant" ? "generate" : null, metadata: m.kind !== "assistant" && m.kind !== "tool" && m.interview ? { interview: true } : null };
  switch (m.kind) {
    case "system":
      return { ...base, role: "system" };
    case "user":
      return { ...base, role: "user", tool_call_id: null };
    case "assistant":
      return { ...base, role: "assistant", tool_calls: m.tool_calls.length ? m.tool_calls.map((c) => ({ id: c.id, function: c.name, arguments: c.args, parse_error: null, view: null, type: "function" })) : null, model: m.model };
    case "tool":
      return { ...base, role: "tool", tool_call_id: m.tool_call_id, function: m.name, error: m.error ? { type: "unknown", message: m.content.slice(0, 500) } : null };
  }
}

function usageByRole(e: EpisodeData, store: Store): { model: Record<string, Usage>; role: Record<string, Usage> } {
  const model = nullRecord<Usage>();
  const role = nullRecord<Usage>();
  for (const c of e.episode.attempt > 0 ? store.listModelCalls(e.episode.id, e.episode.attempt) : []) {
    for (const [map, key] of [[model, `${c.provider}/${c.model}`], [role, c.role]] as const) {
      const u = (map[key] ??= { input_tokens: 0, output_tokens: 0, cost: 0 });
      u.input_tokens += c.input_tokens;
      u.output_tokens += c.output_tokens;
      u.cost += c.cost_usd;
    }
  }
  return { model, role };
}

const STOP: Record<string, string> = { tool_use: "tool_calls", tool_calls: "tool_calls", end_turn: "stop", stop: "stop", max_tokens: "max_tokens", length: "max_tokens" };

function sampleJson(e: EpisodeData, store: Store) {
  const conv = conversationOf(e.events);
  const lastAssistant = [...conv].reverse().find((m): m is Extract<ChatMessage, { kind: "assistant" }> => m.kind === "assistant");
  const usage = usageByRole(e, store);
  const evaluatorModel = inspectModel(e.cell.evaluator);
  const value = Object.fromEntries(Object.entries(e.row.outcomes).filter(([, v]) => v === null || ["boolean", "number", "string"].includes(typeof v)));
  const seconds = e.started_at && e.ended_at ? (Date.parse(e.ended_at) - Date.parse(e.started_at)) / 1000 : null;
  return {
    id: e.cell.id,
    epoch: e.row.trial + 1,
    input: conv.find((m) => m.kind === "user")?.content ?? "",
    choices: null,
    target: "",
    sandbox: null,
    files: null,
    setup: null,
    messages: conv.map(messageJson),
    output: {
      model: evaluatorModel,
      choices: lastAssistant ? [{ message: messageJson(lastAssistant), stop_reason: getOwn(STOP, lastAssistant.stop_reason ?? "") ?? "unknown", logprobs: null }] : [],
      completion: lastAssistant?.content ?? "",
      usage: usage.role.evaluator ? modelUsage(usage.role.evaluator) : null,
      time: null,
      metadata: null,
      error: null,
    },
    scores: {
      peerlab: {
        value,
        answer: null,
        explanation: Object.entries(e.evidence).map(([k, v]) => `${k}: ${v}`).join("\n") || null,
        metadata: { scorers: e.row.scorers },
        history: [],
      },
    },
    metadata: { episode_id: e.row.episode_id, seed: e.row.seed, attempt: e.row.attempt, scenario: e.row.scenario, params: e.row.params, target: e.row.target, peer: e.row.peer, threat: e.row.threat, delivery: e.row.delivery, oversight: e.row.oversight, scratchpad: e.row.scratchpad, harness: e.row.harness, turns: e.row.turns, end_reason: e.row.end_reason, digest: e.row.digest },
    store: {},
    events: [],
    timelines: null,
    model_usage: Object.fromEntries(Object.entries(usage.model).map(([k, u]) => [k, modelUsage(u)])),
    role_usage: Object.fromEntries(Object.entries(usage.role).map(([k, u]) => [k, modelUsage(u)])),
    started_at: e.started_at,
    completed_at: e.ended_at,
    total_time: seconds,
    working_time: seconds,
    uuid: e.row.episode_id,
    invalidation: null,
    error: null,
    error_retries: null,
    attachments: {},
    events_data: null,
    limit: null,
  };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function resultsJson(samples: EpisodeData[], total: number) {
  const keys = [...new Set(samples.flatMap((s) => Object.keys(s.row.outcomes)))].sort();
  const scores = keys.flatMap((key) => {
    const vals = samples.map((s) => s.row.outcomes[key]).filter((v): v is boolean | number => typeof v === "boolean" || typeof v === "number");
    if (vals.length === 0) return [];
    const nums = vals.map(Number);
    const m = mean(nums);
    const stderr = nums.length > 1 ? Math.sqrt(nums.reduce((s, x) => s + (x - m) ** 2, 0) / (nums.length - 1) / nums.length) : 0;
    return [{ name: key, scorer: "peerlab", reducer: null, scored_samples: vals.length, unscored_samples: samples.length - vals.length, params: {}, metrics: { mean: { name: "mean", value: m, params: {}, metadata: null }, stderr: { name: "stderr", value: stderr, params: {}, metadata: null } }, metadata: null }];
  });
  return { total_samples: total, completed_samples: samples.length, early_stopping: null, scores, metadata: null };
}

function evalLog(run: RunRecord, evaluator: string, scenario: string, group: EpisodeData[], store: Store): InspectLog {
  const done = group.filter((e) => e.row.status === "done");
  const samples = done.map((e) => sampleJson(e, store));
  const model = nullRecord<Usage>();
  const role = nullRecord<Usage>();
  for (const e of done) {
    const u = usageByRole(e, store);
    for (const [src, dst] of [[u.model, model], [u.role, role]] as const)
      for (const [k, x] of Object.entries(src)) {
        const t = (dst[k] ??= { input_tokens: 0, output_tokens: 0, cost: 0 });
        t.input_tokens += x.input_tokens;
        t.output_tokens += x.output_tokens;
        t.cost += x.cost;
      }
  }
  const prov = run.provenance as { git?: string | null; git_dirty?: boolean | null; peerlab?: string };
  const version = hasScenario(scenario) ? getScenario(scenario).version : "0";
  const trials = Math.max(0, ...group.map((e) => e.row.trial + 1));
  const sampleIds = [...new Set(group.map((e) => e.cell.id))];
  const starts = done.map((e) => e.started_at).filter((x): x is string => !!x).sort();
  const ends = done.map((e) => e.ended_at).filter((x): x is string => !!x).sort();
  const complete = done.length === group.length;
  const generate = nulls(GENERATE_KEYS, { temperature: typeof (group[0]?.cell.key as { temperature?: unknown })?.temperature === "number" ? (group[0]!.cell.key as { temperature: number }).temperature : null });
  return {
    version: 2,
    status: complete ? "success" : "error",
    eval: {
      eval_set_id: null,
      eval_id: `${run.id}-${inspectModel(evaluator).replace(/[^A-Za-z0-9_.-]/g, "_")}-${scenario}`,
      run_id: run.id,
      created: run.created_at,
      task: scenario,
      task_id: `${scenario}@${version}`,
      task_version: version,
      task_file: null,
      task_display_name: hasScenario(scenario) ? getScenario(scenario).title : scenario,
      task_registry_name: null,
      task_attribs: {},
      task_args: {},
      task_args_passed: {},
      solver: "peerlab/episode",
      solver_args: {},
      solver_args_passed: {},
      tags: ["peerlab", ...(evaluator.startsWith("sim:") ? ["harness-validation"] : [])],
      dataset: { name: scenario, location: null, samples: sampleIds.length, sample_ids: sampleIds, shuffled: false },
      sandbox: null,
      model: inspectModel(evaluator),
      model_generate_config: generate,
      model_base_url: null,
      model_args: {},
      model_roles: null,
      config: nulls(CONFIG_KEYS, { epochs: trials }),
      revision: prov.git ? { type: "git", origin: "", commit: prov.git, dirty: prov.git_dirty ?? null } : null,
      packages: { peerlab: String(prov.peerlab ?? "unknown") },
      metadata: { peerlab_run: run.id, run_name: run.name, spec_hash: run.spec_hash, harness_validation: evaluator.startsWith("sim:") },
      scorers: null,
      metrics: null,
    },
    plan: { name: "plan", steps: [{ solver: "peerlab/episode", params: {}, params_passed: {} }], finish: null, config: nulls(GENERATE_KEYS) },
    results: resultsJson(done, group.length),
    stats: {
      started_at: starts[0] ?? "",
      completed_at: ends.at(-1) ?? "",
      model_usage: Object.fromEntries(Object.entries(model).map(([k, u]) => [k, modelUsage(u)])),
      role_usage: Object.fromEntries(Object.entries(role).map(([k, u]) => [k, modelUsage(u)])),
    },
    error: complete ? null : { message: `${group.length - done.length} of ${group.length} episodes are not done`, traceback: "", traceback_ansi: "" },
    invalidated: false,
    tags: [],
    metadata: {},
    samples,
    reductions: null,
    location: "",
    etag: null,
    eval_set_info: null,
  };
}

/** One Inspect log per model × scenario, with a file name for each. */
export function exportInspect(store: Store, runRef: string): { file: string; log: InspectLog }[] {
  const run = resolveRun(store, runRef);
  const { episodes } = episodeData(store, run.id);
  const groups = new Map<string, EpisodeData[]>();
  for (const e of episodes) {
    const key = `${e.cell.evaluator}\u0000${e.cell.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.entries()].map(([key, group]) => {
    const [evaluator, scenario] = key.split("\u0000") as [string, string];
    const file = `${run.id}_${inspectModel(evaluator).replace(/[^A-Za-z0-9_.-]/g, "_")}_${scenario}.json`;
    const log = evalLog(run, evaluator, scenario, group, store);
    log.location = file;
    return { file, log };
  });
}
